package import AsyncHTTPClient
package import NIOCore

/// What sends sonarflow's HTTP requests — the Sonar client's calls and those of `http.request` and
/// `http.watch`: AsyncHTTPClient in `run` and `serve`; `sonarflow test` answers HTTP modules from a
/// case's stubs in process, and `sonarflow replay` answers both from the recorded exchanges, so no
/// call leaves the machine.
package protocol HTTPTransport: Sendable {
  func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse
}

extension HTTPClient: HTTPTransport {
  package func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
    try await execute(request, timeout: timeout)
  }
}
