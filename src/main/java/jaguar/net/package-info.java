/**
 * Transport between the two parties: {@link jaguar.net.Channel} (framed, labelled messages with
 * byte, flight and round counts, a written flush rule, optional LAN/WAN emulation) over an
 * in-memory link (two threads) or TCP ({@link jaguar.net.TcpChannels}; two processes or two
 * hosts). A peer that sends a message of the wrong label or length, a malformed frame, closes the
 * connection or goes silent ends the protocol with a {@link jaguar.net.ProtocolException} naming
 * the message and how far it got, within the channel's timeout. Uses nothing else of the project.
 */
package jaguar.net;
