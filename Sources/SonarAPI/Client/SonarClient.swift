package import AsyncHTTPClient
package import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The Sonar HTTP client: typed calls for every endpoint Make's Sonar modules use, retries with
/// backoff (see ``RetryStateMachine``), a cap on requests in flight and an optional rate limit.
///
/// ```swift
/// let sonar = try SonarClient(token: token, environment: .resolve(sandbox: false, overrideURL: url))
/// let receipt = try await sonar.sendMessage(OutgoingMessage(to: "+13105551234", text: "Hi"))
/// ```
/// Copies share the same limits. Calls throw ``SonarError`` (or `CancellationError`).
package struct SonarClient: Sendable {
  /// How requests bodies are encoded. Sonar accepts both; the recorded traffic is form-encoded.
  package enum BodyEncoding: Sendable, Hashable {
    /// `application/x-www-form-urlencoded` with `properties[key]=value`, as the official gem sends.
    case form
    case json
  }

  package struct Configuration: Sendable {
    package var environment: SonarEnvironment
    /// Per attempt; Sonar's own slow requests take about 1 s, it gives up by itself later.
    package var timeout: Duration
    /// Requests in flight at most, across all copies of this client.
    package var maxInFlight: Int
    /// Requests started per second at most; nil for no limit.
    package var requestsPerSecond: Double?
    package var retry: RetryPolicy
    package var bodyEncoding: BodyEncoding
    /// Sent as the `Client` header.
    package var clientName: String

    package init(
      environment: SonarEnvironment = .live,
      timeout: Duration = .seconds(15),
      maxInFlight: Int = 32,
      requestsPerSecond: Double? = nil,
      retry: RetryPolicy = .default,
      bodyEncoding: BodyEncoding = .form,
      clientName: String = "sonarflow"
    ) {
      self.environment = environment
      self.timeout = timeout
      self.maxInFlight = maxInFlight
      self.requestsPerSecond = requestsPerSecond
      self.retry = retry
      self.bodyEncoding = bodyEncoding
      self.clientName = clientName
    }
  }

  package typealias Sleep = @Sendable (Duration) async throws -> Void

  package let configuration: Configuration
  let token: SonarToken
  let transport: any HTTPTransport
  let logger: Logger
  let sleep: Sleep
  let limiter: ConcurrencyLimiter
  let rateLimiter: RateLimiter?
  let seeds: SeedSource

  /// - Parameters:
  ///   - token: the Private Token (Sonar > Settings > Company Settings). Never logged.
  ///   - transport: what sends the requests; defaults to one process-wide connection pool
  ///     (``SonarClient/sharedHTTPClient``) so every Sonar client reuses connections. Replay
  ///     passes one that answers from a recording.
  ///   - sleep: how retries and the rate limit wait; tests pass a recorder.
  package init(
    token: String,
    configuration: Configuration = Configuration(),
    transport: any HTTPTransport = SonarClient.sharedHTTPClient,
    logger: Logger = Logger(label: "sonarflow.sonar"),
    sleep: @escaping Sleep = { try await Task.sleep(for: $0) }
  ) {
    self.token = SonarToken(token)
    self.configuration = configuration
    self.transport = transport
    self.logger = logger
    self.sleep = sleep
    self.limiter = ConcurrencyLimiter(limit: configuration.maxInFlight)
    self.rateLimiter = configuration.requestsPerSecond.map(RateLimiter.init(requestsPerSecond:))
    self.seeds = SeedSource()
  }

  /// `SonarClient(token:environment:)` for the common case.
  package init(token: String, environment: SonarEnvironment) {
    self.init(token: token, configuration: Configuration(environment: environment))
  }

  /// One connection pool for the process, never shut down (like `HTTPClient.shared`). Connection
  /// establishment is not retried by the pool, so a refused connection fails at once and the
  /// client's own retry rule decides.
  package static let sharedHTTPClient: HTTPClient = makeHTTPClient()

  /// A connection pool configured for Sonar; the caller shuts it down.
  package static func makeHTTPClient(maxConnectionsPerHost: Int = 64) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = maxConnectionsPerHost
    configuration.timeout.connect = .seconds(5)
    configuration.redirectConfiguration = .disallow
    return HTTPClient(
      eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
  }
}

/// Seeds for the retry jitter: different per request, reproducible per client.
final class SeedSource: Sendable {
  private let counter = ManagedAtomicCounter()
  func next() -> UInt64 { counter.increment() &* 0x9E37_79B9_7F4A_7C15 }
}

/// A counter shared by copies of a client.
final class ManagedAtomicCounter: Sendable {
  private let value = Atomic<UInt64>(0)
  func increment() -> UInt64 { value.add(1, ordering: .relaxed).newValue }
}
