package import Hummingbird
import Logging
import ServiceLifecycle

/// A real HTTP listener for tests: a Hummingbird server on 127.0.0.1 at a free port,
/// answering with a given responder while `body` runs, then stopped.
package enum LoopbackHTTPServer {
  /// Runs `body` with the server's port; the server stops when `body` returns or throws.
  package static func run<Responder: HTTPResponder, T: Sendable>(
    _ responder: Responder, _ body: (_ port: Int) async throws -> T
  ) async throws -> T where Responder.Context == BasicRequestContext {
    var logger = Logger(label: "sonarflow.tests.loopback")
    logger.logLevel = .critical
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(
      responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
      onServerRunning: { channel in
        continuation.yield(channel.localAddress?.port ?? 0)
        continuation.finish()
      }, logger: logger)
    // Stopped with a graceful shutdown, not cancellation: cancelling a Hummingbird server with
    // open connections can trap in NIO ("Deinited NIOAsyncWriter without calling finish()").
    let serviceGroup = ServiceGroup(
      configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: T?.self) { group in
      group.addTask {
        try await serviceGroup.run()
        return nil
      }
      var port = 0
      for await bound in ports { port = bound }
      do {
        let result = try await body(port)
        await serviceGroup.triggerGracefulShutdown()
        try await group.waitForAll()
        return result
      } catch {
        await serviceGroup.triggerGracefulShutdown()
        try? await group.waitForAll()
        throw error
      }
    }
  }
}
