import AsyncHTTPClient
package import Basics
import Hummingbird
package import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
package import SonarAPI

/// A local, stateful Sonar: the `/api/v1` endpoints with Sonar's rules, webhook deliveries and a
/// control API. Embeddable: tests and `sonarflow run --emulator` start one in-process on port 0.
///
/// ```swift
/// let emulator = try await SonarEmulator().start()          // 127.0.0.1, free port
/// let client = SonarClient(token: "test-token", environment: try .init(baseURL: emulator.baseURL))
/// …
/// let state = await emulator.state()                         // same JSON as GET /_emulator/state
/// await emulator.stop()
/// ```
package struct SonarEmulator: Sendable {
  package struct Configuration: Sendable {
    /// The private token the API accepts.
    package var token: String
    /// The publishable key `GET /phone_numbers/available` accepts.
    package var publishableKey: String
    package var initialState: EmulatorStateFile
    /// Multiplies Sonar's webhook retry delays (10 s, 30 s, 3 min, 30 min); tests use 0.001.
    package var webhookRetryScale: Double
    /// Per delivery attempt.
    package var webhookTimeout: Duration
    package var logger: Logger

    package init(
      token: String = "test-token",
      publishableKey: String = "test-publishable-key",
      initialState: EmulatorStateFile = .empty,
      webhookRetryScale: Double = 1,
      webhookTimeout: Duration = .seconds(10),
      logger: Logger = Logger(label: "sonarflow.emulator")
    ) {
      self.token = token
      self.publishableKey = publishableKey
      self.initialState = initialState
      self.webhookRetryScale = webhookRetryScale
      self.webhookTimeout = webhookTimeout
      self.logger = logger
    }
  }

  /// What a running emulator hands out once it listens.
  package struct Endpoint: Sendable {
    package let host: String
    package let port: Int
    let store: EmulatorStore
    let control: ControlAPI

    /// `http://host:port/api/v1`, the form of Sonar's live base URL.
    package var baseURL: String { "\(rootURL)/api/v1" }
    /// `http://host:port`, where `/_emulator/…` lives.
    package var rootURL: String {
      let hostPart = host.contains(":") ? "[\(host)]" : host
      return "http://\(hostPart):\(port)"
    }
  }

  package let configuration: Configuration

  package init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  /// Starts listening and returns once the port is bound; ``RunningEmulator/stop()`` ends it.
  package func start(host: String = "127.0.0.1", port: Int = 0) async throws -> RunningEmulator {
    let (endpoints, continuation) = AsyncStream<Endpoint>.makeStream()
    let service = SonarEmulatorService(emulator: self, host: host, port: port) { endpoint in
      continuation.yield(endpoint)
      continuation.finish()
    }
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: service)], gracefulShutdownSignals: [],
        logger: configuration.logger))
    let task = Task {
      defer { continuation.finish() }
      try await group.run()
    }
    for await endpoint in endpoints {
      return RunningEmulator(endpoint: endpoint, group: group, task: task)
    }
    // The server ended before listening: report why (e.g. the port is taken).
    try await task.value
    throw EmulatorStartError(host: host, port: port)
  }

  /// Runs until cancelled or until a graceful shutdown (ServiceLifecycle) is triggered; calls
  /// `onListening` once the port is bound. Webhook deliveries run as a child task and are cancelled
  /// when the server stops.
  package func run(
    host: String, port: Int, onListening: @escaping @Sendable (Endpoint) -> Void = { _ in }
  ) async throws {
    let (jobs, jobsContinuation) = AsyncStream<[WebhookJob]>.makeStream()
    let store = await EmulatorStore(
      token: configuration.token, publishableKey: configuration.publishableKey,
      initialState: configuration.initialState, events: jobsContinuation)
    let faults = FaultInjector()
    let control = ControlAPI(store: store, faults: faults)
    var httpConfiguration = HTTPClient.Configuration()
    httpConfiguration.connectionPool.retryConnectionEstablishment = false
    httpConfiguration.timeout.connect = .seconds(5)
    let httpClient = HTTPClient(
      eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: httpConfiguration)
    let dispatcher = WebhookDispatcher(
      jobs: jobs, store: store, httpClient: httpClient, retryScale: configuration.webhookRetryScale,
      attemptTimeout: configuration.webhookTimeout, logger: configuration.logger)
    let serverLogger = configuration.logger
    let app = Application(
      responder: EmulatorResponder(store: store, faults: faults, control: control),
      configuration: .init(address: .hostname(host, port: port), serverName: "sonarflow-emulator"),
      onServerRunning: { channel in
        let boundPort = channel.localAddress?.port ?? port
        onListening(Endpoint(host: host, port: boundPort, store: store, control: control))
      },
      logger: serverLogger)
    let result: Result<Void, any Error>
    do {
      try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await dispatcher.run() }
        group.addTask { try await app.run() }
        // Whichever ends first (the server on shutdown or error) ends both.
        defer { group.cancelAll() }
        try await group.next()
        jobsContinuation.finish()
      }
      result = .success(())
    } catch {
      result = .failure(error)
    }
    jobsContinuation.finish()
    try? await httpClient.shutdown()
    try result.get()
  }
}

/// Binding failed without an underlying error.
package struct EmulatorStartError: Error, CustomStringConvertible {
  package var host: String
  package var port: Int
  package var description: String { "the emulator could not listen on \(host):\(port)" }
}

/// A started emulator: its address, its state, and `stop()`.
package final class RunningEmulator: Sendable {
  package let endpoint: SonarEmulator.Endpoint
  private let group: ServiceGroup
  private let task: Task<Void, any Error>

  init(endpoint: SonarEmulator.Endpoint, group: ServiceGroup, task: Task<Void, any Error>) {
    self.endpoint = endpoint
    self.group = group
    self.task = task
  }

  package var host: String { endpoint.host }
  package var port: Int { endpoint.port }
  /// `http://127.0.0.1:PORT/api/v1`.
  package var baseURL: String { endpoint.baseURL }
  /// `http://127.0.0.1:PORT`.
  package var rootURL: String { endpoint.rootURL }

  /// The whole state, the same JSON as `GET /_emulator/state`: `customers`, `messages`, `webhooks`,
  /// `campaigns`, `deliveries`, `tags`, `account`, `faults`.
  package func state() async -> JSONValue {
    await control(method: "GET", "/state").body
  }

  /// Calls the control API in-process: `control(method: "POST", "/inbound", body: …)`.
  package func control(
    method: String = "POST", _ path: String, body: JSONObject = JSONObject()
  )
    async -> ControlAnswer
  {
    let answer = await endpoint.control.handle(method: method, path: path, body: body)
    return ControlAnswer(status: answer.status, body: answer.body)
  }

  /// Stops the server and the webhook deliveries, and waits until they have ended.
  /// Shuts down gracefully (in-flight requests finish); after 10 s whatever is left is cancelled.
  package func stop() async {
    await group.triggerGracefulShutdown()
    let task = self.task
    await withTaskGroup(of: Void.self) { waiters in
      waiters.addTask { _ = await task.result }
      waiters.addTask {
        try? await Task.sleep(for: .seconds(10))
        task.cancel()
      }
      await waiters.next()
      waiters.cancelAll()
    }
    _ = await task.result
  }
}

/// The status and JSON of a control API call.
package struct ControlAnswer: Sendable {
  package var status: Int
  package var body: JSONValue
}

/// The emulator as a swift-service-lifecycle `Service`, for a `ServiceGroup` with graceful shutdown.
package struct SonarEmulatorService: Service {
  package let emulator: SonarEmulator
  package let host: String
  package let port: Int
  package let onListening: @Sendable (SonarEmulator.Endpoint) -> Void

  package init(
    emulator: SonarEmulator, host: String = "127.0.0.1", port: Int = 8080,
    onListening: @escaping @Sendable (SonarEmulator.Endpoint) -> Void = { _ in }
  ) {
    self.emulator = emulator
    self.host = host
    self.port = port
    self.onListening = onListening
  }

  package func run() async throws {
    try await emulator.run(host: host, port: port, onListening: onListening)
  }
}
