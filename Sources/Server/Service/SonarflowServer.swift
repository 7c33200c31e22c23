package import AsyncHTTPClient
import Foundation
import Hummingbird
package import Logging
package import Prometheus
package import SQLiteHistory
import ServiceLifecycle
import UnixSignals

/// `sonarflow serve`: the HTTP intake, the execution workers, the pollers and the SIGHUP reloader,
/// run as one `ServiceGroup` that SIGTERM/SIGINT shut down gracefully (intake first, workers last).
package struct SonarflowServer: Sendable {
  package let configuration: ServerConfiguration
  package let history: SQLiteHistory
  package let registry: ScenarioRegistry
  package let prometheus: PrometheusCollectorRegistry
  package let httpClient: HTTPClient
  package let logger: Logger
  /// Loads the scenarios again (SIGHUP); throws to keep the current ones.
  package let reload: @Sendable () async throws -> [ServedScenario]
  /// Called once the server listens, with the bound port.
  package let onListening: @Sendable (Int) -> Void

  package init(
    configuration: ServerConfiguration, history: SQLiteHistory, scenarios: [ServedScenario],
    prometheus: PrometheusCollectorRegistry, httpClient: HTTPClient, logger: Logger,
    reload: @escaping @Sendable () async throws -> [ServedScenario],
    onListening: @escaping @Sendable (Int) -> Void
  ) {
    self.configuration = configuration
    self.history = history
    self.registry = ScenarioRegistry(scenarios)
    self.prometheus = prometheus
    self.httpClient = httpClient
    self.logger = logger
    self.reload = reload
    self.onListening = onListening
  }

  /// Runs until SIGTERM or SIGINT, then drains and returns.
  package func run() async throws {
    let metrics = ServerMetrics()
    let readiness = Readiness()
    let interrupted = try await history.markInterrupted()
    if interrupted > 0 { logger.info("marked executions left running as interrupted", metadata: ["count": "\(interrupted)"]) }
    let pruned = try await history.pruneDeliveries(doneBefore: Date().addingTimeInterval(-configuration.dedupeWindow))
    if pruned > 0 { logger.info("forgot deliveries past the de-duplication window", metadata: ["count": "\(pruned)"]) }
    let pending = try await history.pendingDeliveryCount()
    metrics.setQueueDepth(pending)
    if pending > 0 { logger.info("re-queued pending deliveries", metadata: ["count": "\(pending)"]) }

    let history = self.history
    let stage = DeliveryStage(capacity: configuration.stageCapacity) { limit in
      try await history.pendingDeliveries(limit: limit)
    }
    let activity = IntakeActivity()
    let intake = WebhookIntake(
      registry: registry, history: history, stage: stage, metrics: metrics, activity: activity,
      configuration: configuration, logger: logger)
    let registrar = WebhookRegistrar(publicURL: configuration.publicURL, metrics: metrics, logger: logger)
    let router = ServerRoutes.router(
      intake: intake, readiness: readiness, prometheus: prometheus, configuration: configuration)
    let onListening = self.onListening
    let registry = self.registry
    let logger = self.logger
    let application = Application(
      router: router,
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        onListening(port)
        await registrar.synchronize(registry.current.all)
        readiness.markReady()
        logger.info("ready", metadata: ["port": "\(port)"])
      },
      logger: logger
    )
    let workers = ExecutionWorkers(
      registry: registry, history: history, stage: stage, metrics: metrics, activity: activity,
      workers: configuration.workers, pacedBacklog: configuration.maxQueueDepth / 4 * 3, logger: logger)
    let polling = PollingService(
      registry: registry, history: history, metrics: metrics, httpClient: httpClient, logger: logger)
    let reloader = Reloader(registry: registry, registrar: registrar, reload: reload, logger: logger)
    let group = ServiceGroup(
      configuration: .init(
        services: [
          .init(service: workers), .init(service: polling),
          .init(service: QueueMaintenance(history: history, window: configuration.dedupeWindow, logger: logger)),
          .init(service: reloader), .init(service: application),
        ],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
      ))
    try await group.run()
    logger.info("stopped")
  }
}

/// Reloads the scenario files on SIGHUP and re-synchronises Sonar webhooks.
private struct Reloader: Service {
  let registry: ScenarioRegistry
  let registrar: WebhookRegistrar
  let reload: @Sendable () async throws -> [ServedScenario]
  let logger: Logger

  func run() async throws {
    let signals = await UnixSignalsSequence(trapping: .sighup)
    for await _ in signals.cancelOnGracefulShutdown() {
      do {
        let scenarios = try await reload()
        registry.replace(with: scenarios)
        logger.info("reloaded scenarios", metadata: ["count": "\(scenarios.count)"])
        await registrar.synchronize(scenarios)
      } catch {
        logger.error("reload failed; the current scenarios keep running", metadata: ["error": "\(error)"])
      }
    }
  }
}
