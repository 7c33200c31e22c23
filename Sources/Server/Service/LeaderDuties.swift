import History
import Logging
import ServiceLifecycle

/// With several runners on one database: campaigns for leadership and, while leading, registers
/// Sonar webhooks and runs the polling schedules. Another runner takes over when the leader dies.
struct LeaderDuties: Service {
  let coordination: any RunnerCoordination
  let leadership: Leadership
  let readiness: Readiness
  let registrar: WebhookRegistrar
  let registry: ScenarioRegistry
  let polling: PollingService
  let logger: Logger

  func run() async {
    // Never throws: a service that throws would make the group cancel in-flight executions.
    await cancelWhenGracefulShutdown {
      do {
        try await coordination.lead(
          onFollowing: { [readiness] in readiness.markLeadershipSettled() },
          whileLeading: { [leadership, registrar, registry, readiness, polling, logger] term in
            leadership.set(leadingIn: term)
            defer { leadership.set(leadingIn: nil) }
            logger.info(
              "leading: this runner polls schedules and registers Sonar webhooks", metadata: ["term": "\(term)"])
            await registrar.synchronize(registry.current.all)
            readiness.markLeadershipSettled()
            do {
              try await polling.run()
            } catch {
              logger.error("polling stopped", metadata: ["error": "\(error)"])
            }
            logger.info("stopped leading (shutdown, or the leader's database session failed)")
          })
      } catch is CancellationError {
        return
      } catch {
        logger.error("leader election stopped", metadata: ["error": "\(error)"])
      }
    }
  }
}
