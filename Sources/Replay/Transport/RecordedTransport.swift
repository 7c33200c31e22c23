package import AsyncHTTPClient
import Basics
package import NIOCore
import NIOHTTP1
package import SonarAPI

/// Answers a replay's requests — the Sonar client's and `http.request`'s — in process from the
/// replayed execution's recorded exchanges (``RecordedAnswers``): a recorded answer is handed back
/// as it was (status, headers, body; a recorded failure, where no answer came, as `504`) without a
/// socket or a server. A request the recording does not hold is a divergence, sent on through
/// `divergences` (the replay's emulator), never to Sonar.
package struct RecordedTransport: HTTPTransport {
  /// The recording answered from; nil: the one bound to the sending task
  /// (``RecordedAnswers/current``), and every request a divergence where none is bound.
  package let answers: RecordedAnswers?
  let divergences: any HTTPTransport

  package init(answers: RecordedAnswers, divergences: any HTTPTransport) {
    self.answers = answers
    self.divergences = divergences
  }

  /// A transport that answers each request from the recording bound to the task sending it.
  package init(divergences: any HTTPTransport) {
    self.answers = nil
    self.divergences = divergences
  }

  package func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
    var body: [UInt8] = []
    if let requestBody = request.body {
      for try await buffer in requestBody { body += buffer.readableBytesView }
    }
    let target = HTTPExchange.pathAndQuery(of: request.url)
    guard
      let recorded = (answers ?? RecordedAnswers.current)?.answer(
        method: request.method.rawValue, pathAndQuery: target, body: body)
    else {
      // The body was read here: the emulator gets the same bytes.
      var diverging = request
      diverging.body = body.isEmpty ? nil : .bytes(ByteBuffer(bytes: body))
      return try await divergences.send(diverging, timeout: timeout)
    }
    return Self.response(replaying: recorded)
  }

  /// A recorded exchange's answer as it was: status, every header (`http.request` outputs them, so
  /// a replay that changed one would differ where nothing did; `Content-Length` is left out only
  /// when the recorded body was cut) and body; a recorded failure as `504`.
  static func response(replaying exchange: HTTPExchange) -> HTTPClientResponse {
    guard let status = exchange.status else {
      let error = JSONValue.object(
        JSONObject([("error", .string("no answer was recorded: \(exchange.failure ?? "unknown failure")"))]))
      return HTTPClientResponse(
        status: .gatewayTimeout, headers: ["Content-Type": "application/json"],
        body: .bytes(ByteBuffer(bytes: error.serializedBytes)))
    }
    var headers = HTTPHeaders()
    for header in exchange.responseHeaders
    where !(exchange.isBodyTruncated && header.name.lowercased() == "content-length") {
      headers.add(name: header.name, value: header.value)
    }
    return HTTPClientResponse(
      status: HTTPResponseStatus(statusCode: status), headers: headers,
      body: .bytes(ByteBuffer(string: exchange.responseBody ?? "")))
  }

}
