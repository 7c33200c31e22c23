package import AsyncHTTPClient
import Console
import Foundation
package import History
import Hummingbird
import HummingbirdCore
package import Logging
package import Prometheus
import ServiceLifecycle
import UnixSignals

/// `sonarflow serve`: the HTTP intake, the execution workers, the pollers and the SIGHUP reloader,
/// run as one `ServiceGroup` that SIGTERM/SIGINT shut down gracefully (intake first, workers last).
package struct SonarflowServer: Sendable {
  package let configuration: ServerConfiguration
  package let history: any ServeStore
  package let registry: ScenarioRegistry
  package let prometheus: PrometheusCollectorRegistry
  package let httpClient: HTTPClient
  package let logger: Logger
  /// Loads the scenarios again (SIGHUP); throws to keep the current ones.
  package let reload: @Sendable () async throws -> [ServedScenario]
  /// Called once the server listens, with the bound port.
  package let onListening: @Sendable (Int) -> Void

  /// Secrets the log handler redacts; hook secrets join them (nil: no redacting log handler).
  let logSecrets: LogSecrets?

  package init(
    configuration: ServerConfiguration, history: any ServeStore, scenarios: [ServedScenario],
    prometheus: PrometheusCollectorRegistry, httpClient: HTTPClient, logger: Logger,
    reload: @escaping @Sendable () async throws -> [ServedScenario],
    logSecrets: LogSecrets? = nil,
    onListening: @escaping @Sendable (Int) -> Void
  ) {
    self.logSecrets = logSecrets
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
    let coordination = history.coordination
    let leadership = Leadership(isLeader: coordination == nil)
    let interrupted = history.interruptedAtOpen
    if interrupted > 0 {
      logger.info("marked executions left running as interrupted", metadata: ["count": "\(interrupted)"])
    }
    let pruned = try await history.pruneDeliveries(doneBefore: Date().addingTimeInterval(-configuration.dedupeWindow))
    if pruned > 0 { logger.info("forgot deliveries past the de-duplication window", metadata: ["count": "\(pruned)"]) }
    let pending = try await history.pendingDeliveryCount()
    metrics.setQueueDepth(pending)
    if pending > 0 { logger.info("re-queued pending deliveries", metadata: ["count": "\(pending)"]) }
    if let coordination {
      logger.info("sharing the queue with other runners", metadata: ["runner": "\(coordination.runnerID)"])
    }

    let history = self.history
    let registry = self.registry
    // Which scenarios run, read before any worker starts: an inactive scenario's deliveries wait.
    let activity = ScenarioActivity(store: history, registry: registry, logger: logger)
    try await activity.refresh(registering: true)
    let stage = DeliveryStage(
      capacity: configuration.stageCapacity,
      refill: { limit in
        try await history.claimPendingDeliveries(
          limit: limit, hooks: Set(registry.current.byHook.keys), holding: activity.heldHooks)
      },
      isHeld: { activity.isHeld(hook: $0) })
    // Every served hook's secret, created on first use and shared by every runner on the database.
    let secrets = WebhookSecrets(
      try await history.webhookSecrets(creatingFor: registry.current.all.compactMap(\.webhookName)),
      logSecrets: logSecrets)
    let intakeActivity = IntakeActivity()
    let intake = WebhookIntake(
      registry: registry, history: history, stage: stage, metrics: metrics, activity: intakeActivity,
      configuration: configuration, secrets: secrets, readiness: readiness, logger: logger)
    let registrar = WebhookRegistrar(
      publicURL: configuration.publicURL, secrets: secrets, metrics: metrics, logger: logger)
    let router = ServerRoutes.router(
      intake: intake, readiness: readiness, prometheus: prometheus, configuration: configuration)
    if let token = configuration.consoleToken {
      // The scenarios page lists what is served now: a SIGHUP reload shows at its next view.
      let scenarios = ConsoleScenarios(publicURL: configuration.publicURL) {
        registry.current.all.map { served in
          ConsoleScenario(
            name: served.compiled.scenario.name.value, file: served.compiled.scenario.source.path,
            hooks: served.webhookName.map { [$0] } ?? [], diagnostics: served.compiled.diagnostics)
        }
      }
      try ConsoleRoutes(history: history, token: token, scenarios: scenarios).add(to: router)
    }
    let onListening = self.onListening
    let logger = self.logger
    let limits = ConnectionDeadlines.Limits(
      header: configuration.headerTimeout, body: configuration.bodyTimeout, idle: configuration.idleTimeout)
    let application = Application(
      router: router,
      server: .http1(
        configuration: .init(additionalChannelHandlers: [ConnectionDeadlineHandler(limits: limits)])),
      configuration: .init(
        address: .hostname(configuration.host, port: configuration.port), serverName: nil,
        availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        onListening(port)
        if coordination == nil {
          // The only runner: it always leads.
          await registrar.synchronize(registry.current.all)
          readiness.markLeadershipSettled()
        }
        readiness.markListening()
        logger.info("ready", metadata: ["port": "\(port)"])
      },
      logger: logger
    )
    let workers = ExecutionWorkers(
      registry: registry, history: history, stage: stage, metrics: metrics, activity: intakeActivity,
      scenarios: activity, workers: configuration.workers, pacedBacklog: configuration.maxQueueDepth / 4 * 3,
      logger: logger)
    let polling = PollingService(
      registry: registry, history: history, metrics: metrics, scenarios: activity, httpClient: httpClient,
      logger: logger, alerts: workers.alerts)
    let reloader = Reloader(
      registry: registry, registrar: registrar, leadership: leadership, history: history, secrets: secrets,
      reload: reload, logger: logger)
    // Shut down in reverse order: intake first, then polling, then the workers drain, and the lease
    // keeper last, so in-flight executions keep their leases.
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    if let coordination {
      services.append(
        .init(
          service: LeaseKeeper(
            coordination: coordination, history: history, registry: registry, scenarios: activity, stage: stage,
            metrics: metrics, takeoverLimit: configuration.stageCapacity, logger: logger)))
    }
    services.append(
      .init(
        service: ScenarioStateWatcher(
          activity: activity, registry: registry, stage: stage, history: history, logger: logger)))
    services.append(.init(service: workers))
    services.append(
      .init(
        service: IncompleteRetries(
          registry: registry, history: history, metrics: metrics, logger: logger, alerts: workers.alerts)))
    if let coordination {
      services.append(
        .init(
          service: LeaderDuties(
            coordination: coordination, leadership: leadership, readiness: readiness, registrar: registrar,
            registry: registry, polling: polling, logger: logger)))
    } else {
      services.append(.init(service: polling))
    }
    services += [
      .init(
        service: WebhookSecretWatcher(
          history: history, secrets: secrets, registry: registry, registrar: registrar, leadership: leadership,
          interval: configuration.secretRefreshInterval, logger: logger)),
      .init(
        service: MemoryTrim(
          activity: intakeActivity, metrics: metrics, interval: .seconds(5),
          releaseCaches: { [history] in await history.releaseCaches() })),
      .init(
        service: StoreProbe(
          history: history, readiness: readiness, interval: configuration.storeProbeInterval,
          timeout: configuration.storeProbeTimeout, logger: logger)),
      .init(service: QueueMaintenance(history: history, window: configuration.dedupeWindow, logger: logger)),
      .init(service: reloader), .init(service: application),
    ]
    let group = ServiceGroup(
      configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
    if let coordination {
      // Deliveries still held (buffered, never started) go to the other runners now, not after the lease.
      do {
        let released = try await coordination.releaseClaims()
        if released > 0 { logger.info("released deliveries to the other runners", metadata: ["count": "\(released)"]) }
      } catch {
        logger.error(
          "cannot release delivery claims; other runners take them when the leases expire",
          metadata: ["error": "\(error)"])
      }
    }
    logger.info("stopped")
  }
}

/// Reloads the scenario files on SIGHUP and re-synchronises Sonar webhooks.
private struct Reloader: Service {
  let registry: ScenarioRegistry
  let registrar: WebhookRegistrar
  let leadership: Leadership
  let history: any ServeStore
  let secrets: WebhookSecrets
  let reload: @Sendable () async throws -> [ServedScenario]
  let logger: Logger

  func run() async throws {
    let signals = await UnixSignalsSequence(trapping: .sighup)
    for await _ in signals.cancelOnGracefulShutdown() {
      do {
        let scenarios = try await reload()
        // New hooks get their secrets before they are served; rotated ones are read again.
        secrets.replace(with: try await history.webhookSecrets(creatingFor: scenarios.compactMap(\.webhookName)))
        registry.replace(with: scenarios)
        logger.info("reloaded scenarios", metadata: ["count": "\(scenarios.count)"])
        // With several runners only the leader registers (each runner reloads its own files).
        if leadership.isLeader { await registrar.synchronize(scenarios) }
      } catch {
        logger.error("reload failed; the current scenarios keep running", metadata: ["error": "\(error)"])
      }
    }
  }
}
