/// Where each served hook's secret URL segment is kept (table `webhook_secrets`), shared by every
/// runner on the database: a hook answers only at `/hooks/{webhookName}/{secret}`.
package protocol WebhookSecretStore: Sendable {
  /// The secrets of `hooks`, creating the missing ones with ``WebhookSecret/generate()``. Creation
  /// is race-free: when two runners create a hook's secret at once, one insert wins and both get
  /// its secret.
  func webhookSecrets(creatingFor hooks: [String]) async throws -> [String: String]

  /// Every stored secret, by hook.
  func webhookSecrets() async throws -> [String: String]

  /// Replaces the secret of `hook` with a new one and returns it; nil when the hook has none yet.
  func rotateWebhookSecret(hook: String) async throws -> String?
}
