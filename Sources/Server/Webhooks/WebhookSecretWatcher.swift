import History
import Logging
import ServiceLifecycle

/// Reads the hooks' secrets every `interval`, so a `sonarflow webhooks rotate` run against the
/// same database takes effect on every runner within about that long; when a secret changed, the
/// leader registers the new URL with Sonar (and removes the old registration).
struct WebhookSecretWatcher: Service {
  let history: any ServeStore
  let secrets: WebhookSecrets
  let registry: ScenarioRegistry
  let registrar: WebhookRegistrar
  let leadership: Leadership
  let interval: Duration
  let logger: Logger

  func run() async {
    await repeatEvery(interval) {
      do {
        let served = Set(registry.current.all.compactMap(\.webhookName))
        let stored = try await history.webhookSecrets().filter { served.contains($0.key) }
        guard secrets.replace(with: stored) else { return }
        logger.info("webhook secrets changed: the hooks answer at their new URLs")
        if leadership.isLeader { await registrar.synchronize(registry.current.all) }
      } catch {
        logger.error("cannot read the webhook secrets", metadata: ["error": "\(error)"])
      }
    }
  }
}
