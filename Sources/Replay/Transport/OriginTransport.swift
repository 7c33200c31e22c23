package import AsyncHTTPClient
import Basics
package import NIOCore
package import SonarAPI

/// Sends every request to another origin (`http://127.0.0.1:PORT`), with its path and query
/// unchanged: how a replay's requests reach its emulator, whatever host the scenario or the
/// Sonar client named. The origin is asked for at the first request, so an emulator that answers
/// nothing is never started.
package struct OriginTransport: HTTPTransport {
  let origin: @Sendable () async throws -> String
  let base: any HTTPTransport

  package init(base: any HTTPTransport, origin: @escaping @Sendable () async throws -> String) {
    self.base = base
    self.origin = origin
  }

  package func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
    var moved = request
    moved.url = try await origin() + HTTPExchange.pathAndQuery(of: request.url)
    return try await base.send(moved, timeout: timeout)
  }
}
