/**
 * The secure-inference engine: one client and one server run a whole network (spec sections 10
 * and 11). {@link jaguar.protocol.ServerSession} and {@link jaguar.protocol.ClientSession} are the
 * two parties; {@link jaguar.protocol.TwoParties} runs both in one process, {@link
 * jaguar.protocol.InferenceServer} serves sessions over TCP.
 *
 * <h2>A session on the wire</h2>
 * <ol>
 *   <li>{@code hello} (server: version, config fields, model, architecture hash, input shape,
 *       preprocessing, plans) and {@code hello.reply} (client: {@code ok} or the field it
 *       refuses): {@link jaguar.protocol.Handshake}.
 *   <li>Setup: the client's public keys ({@code setup.pk.pow2}, {@code setup.pk.rns}); with
 *       {@code mpc_threads} = k above 1, the k - 1 further connections ({@link
 *       jaguar.protocol.SessionChannels}; over TCP the server's {@code join.offer}, a port and a
 *       random token, and the client's {@code join.hello} on each new connection, {@link
 *       jaguar.protocol.TcpJoin}); with {@code pointwise} rhombus, each party's Rhombus Galois and
 *       public keys if some layer has it encrypt ({@code setup.rhombus.gk.client}, {@code
 *       setup.rhombus.pk.client}, then the server's, {@link jaguar.protocol.RhombusKeys}); the OT
 *       setup of every nonlinear session ({@link
 *       jaguar.mpc.MpcGroup}); {@code setup.done}.
 *   <li>For every image: the client's {@code image.next} = 1, the server's fresh pool of
 *       encryptions of zero (Jaguar) and {@code image.ready}; the online walk ({@code
 *       jaguar.protocol.NetworkWalk}: linear layers under HE on the main connection (a Rhombus
 *       layer: {@code n<id>.rh.in} from the encrypting party, {@code n<id>.rh.out} back, {@link
 *       jaguar.protocol.RhombusLayer}), nonlinear
 *       protocols cut over the k sessions); the output ({@code out.logits} or a two-party argmax
 *       and {@code out.label}); the server's per-layer {@code report}; in verify mode only, what
 *       the client reveals and the server's {@code verify.verdict}.
 *   <li>{@code image.next} = 0 ends the session.
 * </ol>
 * Every length a peer sends is checked before anything is allocated; a malformed or out-of-order
 * message ends the session with a {@link jaguar.net.ProtocolException} naming it.
 */
package jaguar.protocol;
