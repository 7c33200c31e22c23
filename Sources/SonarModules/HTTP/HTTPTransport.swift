package import AsyncHTTPClient
package import NIOCore

/// What sends the requests of `http.request` and `http.watch`: AsyncHTTPClient in `run` and
/// `serve`; `sonarflow test` answers them from a case's stubs in process, so no call leaves the
/// machine.
package protocol HTTPTransport: Sendable {
  func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse
}

extension HTTPClient: HTTPTransport {
  package func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
    try await execute(request, timeout: timeout)
  }
}
