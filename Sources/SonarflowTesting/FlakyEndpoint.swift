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
}
