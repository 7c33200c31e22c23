import Basics
import History
import Synchronization

/// The secret URL segment of every served hook, as the database holds it: read at start, after
/// each reload, and every second by ``WebhookSecretWatcher`` (so `sonarflow webhooks rotate` takes
/// effect within about a second, on every runner).
package final class WebhookSecrets: Sendable {
  private let secrets: Mutex<[String: String]>
  /// The log's secrets: every hook secret this runner has known is redacted from its log lines
  /// (a Sonar error quoting a registration's URL, say), kept after a rotation.
  private let logSecrets: LogSecrets?

  package init(_ secrets: [String: String] = [:], logSecrets: LogSecrets? = nil) {
    self.secrets = Mutex(secrets)
    self.logSecrets = logSecrets
    logSecrets?.insert(Array(secrets.values))
  }

  package func secret(for hook: String) -> String? {
    secrets.withLock { $0[hook] }
  }

  /// Replaces every secret; returns whether any was added, removed or changed.
  @discardableResult
  package func replace(with new: [String: String]) -> Bool {
    logSecrets?.insert(Array(new.values))
    return secrets.withLock { current in
      defer { current = new }
      return current != new
    }
  }

  /// Whether `given` is the secret of `hook`. The bytes are compared in constant time; a hook
  /// without a secret matches nothing.
  package func matches(hook: String, given: Substring) -> Bool {
    guard let secret = secret(for: hook) else { return false }
    return ConstantTime.equals(Array(given.utf8), Array(secret.utf8))
  }

  /// `{publicURL}/hooks/{hook}/{secret}`, or without `publicURL` the path alone; nil when the hook
  /// has no secret.
  package func url(for hook: String, publicURL: String?) -> String? {
    secret(for: hook).map { WebhookSecret.url(hook: hook, secret: $0, publicURL: publicURL) }
  }
}
