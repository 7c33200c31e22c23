import History
import Synchronization

/// The secrets `serve`'s log never shows: the Sonar token of every scenario it has loaded (kept
/// across reloads, since executions started before one may still log), in all the forms a server
/// may echo them (``SecretForms``). ``ServerLogHandler`` redacts them from every message and
/// metadata value, whatever logged it: a webhook registration's error quoting Sonar's answer, a
/// failed poll, a reload.
package final class LogSecrets: Sendable {
  private let secrets = Mutex<(plain: Set<String>, forms: [String])>(([], []))

  package init() {}

  /// Adds the secrets of newly loaded scenarios.
  package func insert(_ newSecrets: [String]) {
    secrets.withLock { state in
      let plain = state.plain.union(newSecrets.filter { !$0.isEmpty })
      guard plain != state.plain else { return }
      state = (plain, SecretForms.expanded(plain.sorted()))
    }
  }

  /// Every form of every secret, for ``HistoryRedactor/redact(text:secrets:)``.
  package var forms: [String] { secrets.withLock { $0.forms } }
}
