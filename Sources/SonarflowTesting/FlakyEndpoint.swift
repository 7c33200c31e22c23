import Hummingbird
package import Synchronization

/// An HTTP endpoint on loopback that answers 503 (a `ConnectionError` for `http.request`) until a
/// test heals it, then 200: the fault an incomplete execution waits out.
package final class FlakyEndpoint: Sendable {
  private let isFailing = Mutex(true)
  /// Requests answered so far.
  package let requests = Mutex(0)

  package init() {}

  package func heal() { isFailing.withLock { $0 = false } }

  /// Runs `body` with the endpoint's URL while it listens.
  package func serve<T: Sendable>(_ body: (_ url: String) async throws -> T) async throws -> T {
    let responder = CallbackResponder<BasicRequestContext> { _, _ in
      self.requests.withLock { $0 += 1 }
      return Response(status: self.isFailing.withLock { $0 } ? .serviceUnavailable : .ok)
    }
    return try await LoopbackHTTPServer.run(responder) { port in try await body("http://127.0.0.1:\(port)/flaky") }
  }

  /// A scenario whose module posts to `url` and keeps the bundle with `break` when it fails, with
  /// `attempts` automatic attempts a second apart, at `/hooks/retried`.
  package static func breakingScenario(url: String, attempts: Int, isSequential: Bool = false) -> String {
    """
    name: Retried
    settings: { sequential: \(isSequential) }
    trigger: { module: webhook.custom, params: { webhookName: retried } }
    flow:
      - id: 2
        module: http.request
        map: { url: "\(url)", method: POST, body: { n: "{{1.n}}" } }
        onError:
          then: break
          retry: { attempts: \(attempts), interval: 1s }
    """
  }
}
