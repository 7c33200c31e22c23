package import AsyncHTTPClient
package import Basics

/// Records one attempt of a request in the operation's exchange log (`ExchangeLog`), when one is
/// bound: made as the request leaves, told how it ended. The one place an `HTTPExchange` is built
/// from an AsyncHTTPClient request — the Sonar client's calls and `http.request` alike.
package struct ExchangeRecording: Sendable {
  private let method: String
  private let url: String
  private let headers: [HTTPExchange.Header]
  private let body: [UInt8]?
  private let attempt: Int
  private let start = ContinuousClock.now

  /// `body` is the request's body as sent (nil without one); `attempt` is 1 for the first try.
  package init(_ request: HTTPClientRequest, body: [UInt8]?, attempt: Int = 1) {
    method = request.method.rawValue
    url = request.url
    headers = request.headers.map { HTTPExchange.Header(name: $0.name, value: $0.value) }
    self.body = body
    self.attempt = attempt
  }

  /// The answer came: its status, headers and body.
  package func answered(status: Int, headers: [HTTPExchange.Header], body: [UInt8]) {
    record(status: status, headers: headers, body: body, failure: nil)
  }

  /// No answer came; `reason` (a timeout, a refused connection) is only worked out when a log is
  /// bound.
  package func failed(_ reason: @autoclosure () -> String) {
    guard ExchangeLog.current != nil else { return }
    record(status: nil, headers: [], body: nil, failure: reason())
  }

  private func record(
    status: Int?, headers responseHeaders: [HTTPExchange.Header], body responseBody: [UInt8]?, failure: String?
  ) {
    ExchangeLog.current?.append(
      HTTPExchange(
        method: method, url: url, requestHeaders: headers, requestBody: body, status: status,
        responseHeaders: responseHeaders, responseBody: responseBody, failure: failure,
        duration: start.duration(to: .now), attempt: attempt))
  }
}
