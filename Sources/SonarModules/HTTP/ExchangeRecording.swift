import AsyncHTTPClient
import Basics
import NIOCore

/// Records one `http.request` attempt in the operation's exchange log (`ExchangeLog`), when one is
/// bound: made as the request leaves, told how it ended.
struct ExchangeRecording {
  private let method: String
  private let url: String
  private let headers: [HTTPExchange.Header]
  private let body: [UInt8]?
  private let start = ContinuousClock.now

  init(_ request: HTTPClientRequest, body: [UInt8]?) {
    method = request.method.rawValue
    url = request.url
    headers = request.headers.map { HTTPExchange.Header(name: $0.name, value: $0.value) }
    self.body = body
  }

  func answered(_ response: HTTPClientResponse, body: ByteBuffer) {
    record(
      status: Int(response.status.code),
      headers: response.headers.map { HTTPExchange.Header(name: $0.name, value: $0.value) },
      body: Array(buffer: body), failure: nil)
  }

  func failed(_ reason: String) {
    record(status: nil, headers: [], body: nil, failure: reason)
  }

  private func record(
    status: Int?, headers responseHeaders: [HTTPExchange.Header], body responseBody: [UInt8]?, failure: String?
  ) {
    ExchangeLog.current?.append(
      HTTPExchange(
        method: method, url: url, requestHeaders: headers, requestBody: body, status: status,
        responseHeaders: responseHeaders, responseBody: responseBody, failure: failure,
        duration: start.duration(to: .now), attempt: 1))
  }
}
