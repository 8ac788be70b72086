package jaguar.protocol;

import jaguar.net.ChannelStats;

/**
 * One party's counts of a session: setup (handshake, keys, OT setup, Jaguar's pool of encryptions
 * of zero) and online (from the client's first encryption to its output), each with wall seconds,
 * bytes this party sent and received (payload and message headers) and rounds.
 */
public record SessionStats(
    double setupSeconds, long setupSent, long setupReceived, long setupRounds,
    double onlineSeconds, long onlineSent, long onlineReceived, long onlineRounds) {
  static SessionStats of(double setupSeconds, ChannelStats setup, double onlineSeconds, ChannelStats online) {
    return new SessionStats(setupSeconds, setup.bytesSent(), setup.bytesReceived(), setup.round(),
        onlineSeconds, online.bytesSent(), online.bytesReceived(), online.round());
  }
}
