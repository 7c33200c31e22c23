import AsyncHTTPClient
import Basics
import NIOCore
import NIOHTTP1
import Replay
import SonarAPI
import Synchronization
import Testing

/// The in-process answers of a replay: recorded answers handed back as they were, without a
/// socket; anything else sent on to the divergences' transport, body and all.
@Suite struct RecordedTransportTests {
  /// Stands in for the emulator: keeps what it was sent and answers 201.
  final class Divergences: HTTPTransport {
    let sent = Mutex<[(url: String, body: [UInt8])]>([])

    func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
      var body: [UInt8] = []
      if let requestBody = request.body {
        for try await buffer in requestBody { body += buffer.readableBytesView }
      }
      sent.withLock { $0.append((request.url, body)) }
      return HTTPClientResponse(status: .created, body: .bytes(ByteBuffer(string: "{\"from\":\"emulator\"}")))
    }
  }

  private func exchange(
    _ method: String, _ url: String, body: String? = nil, status: Int? = 200, answer: String = "{}",
    headers: [HTTPExchange.Header] = [], failure: String? = nil
  ) -> HTTPExchange {
    HTTPExchange(
      method: method, url: url, requestHeaders: [], requestBody: body.map { Array($0.utf8) }, status: status,
      responseHeaders: headers, responseBody: status == nil ? nil : Array(answer.utf8), failure: failure,
      duration: .milliseconds(3), attempt: 1)
  }

  private func request(_ method: HTTPMethod, _ url: String, body: String? = nil) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: url)
    request.method = method
    request.body = body.map { .bytes(ByteBuffer(string: $0)) }
    return request
  }

  private func text(_ response: HTTPClientResponse) async throws -> String {
    String(buffer: try await response.body.collect(upTo: 1 << 20))
  }

  @Test func aRecordedAnswerComesBackAsItWasWithEveryHeader() async throws {
    let answers = RecordedAnswers([
      exchange(
        "GET", "https://api.sendsonar.com/api/v1/customers?phone_number=%2B1310&token=<redacted>",
        answer: #"{"first_name":"Ann"}"#,
        headers: [
          .init(name: "Content-Type", value: "application/json"), .init(name: "Content-Length", value: "20"),
          .init(name: "X-Request-Id", value: "r1"),
        ])
    ])
    let divergences = Divergences()
    let transport = RecordedTransport(answers: answers, divergences: divergences)
    // Another host, and the token as sent: matched on path and query with the token taken out.
    let response = try await transport.send(
      request(.GET, "http://sonar.replay.invalid/api/v1/customers?phone_number=%2B1310&token=secret"),
      timeout: .seconds(1))
    #expect(response.status == .ok)
    #expect(response.headers["Content-Type"] == ["application/json"])
    #expect(response.headers["X-Request-Id"] == ["r1"])
    // `http.request` outputs the headers: a replay hands back the ones recorded.
    #expect(response.headers["Content-Length"] == ["20"])
    #expect(try await text(response) == #"{"first_name":"Ann"}"#)
    #expect(answers.counts == (answered: 1, diverged: 0))
    #expect(divergences.sent.withLock { $0.isEmpty })
  }

  /// A body history cut at 256 KB comes back cut, without the length the whole one had.
  @Test func aCutBodyComesBackWithoutItsLength() async throws {
    let whole = String(repeating: "x", count: 300_000)
    let recorded = exchange(
      "GET", "https://example.com/big", answer: whole, headers: [.init(name: "Content-Length", value: "300000")])
    #expect(recorded.isBodyTruncated)
    let transport = RecordedTransport(answers: RecordedAnswers([recorded]), divergences: Divergences())
    let response = try await transport.send(request(.GET, "https://example.com/big"), timeout: .seconds(1))
    #expect(response.headers["Content-Length"].isEmpty)
    #expect(try await text(response).count < whole.count)
  }

  /// Each recorded exchange answers once, in recorded order: two identical requests get the two
  /// recorded answers, and a third is a divergence.
  @Test func eachRecordedExchangeAnswersOnceInOrder() async throws {
    let answers = RecordedAnswers([
      exchange("POST", "https://x.test/api/v1/messages", body: "to=1", status: 503, answer: "busy"),
      exchange("POST", "https://x.test/api/v1/messages", body: "to=1", status: 202, answer: "queued"),
    ])
    let divergences = Divergences()
    let transport = RecordedTransport(answers: answers, divergences: divergences)
    var statuses: [UInt] = []
    for _ in 0..<3 {
      let response = try await transport.send(
        request(.POST, "http://h/api/v1/messages", body: "to=1"), timeout: .seconds(1))
      statuses.append(response.status.code)
    }
    #expect(statuses == [503, 202, 201])
    #expect(answers.counts == (answered: 2, diverged: 1))
  }

  /// A recorded failure (no answer came) is answered 504, so the client handles it as a gateway
  /// timeout.
  @Test func aRecordedFailureIsAnsweredGatewayTimeout() async throws {
    let answers = RecordedAnswers([
      exchange("GET", "https://x.test/items", status: nil, failure: "no answer within 30s")
    ])
    let transport = RecordedTransport(answers: answers, divergences: Divergences())
    let response = try await transport.send(request(.GET, "https://x.test/items"), timeout: .seconds(1))
    #expect(response.status == .gatewayTimeout)
    #expect(try await text(response) == #"{"error":"no answer was recorded: no answer within 30s"}"#)
  }

  /// A request whose body differs from the recording's is a divergence: the emulator's transport
  /// gets it with its body.
  @Test func aDivergenceIsSentOnWithItsBody() async throws {
    let answers = RecordedAnswers([exchange("POST", "https://x.test/api/v1/messages", body: "text=Hi")])
    let divergences = Divergences()
    let transport = RecordedTransport(answers: answers, divergences: divergences)
    let response = try await transport.send(
      request(.POST, "https://x.test/api/v1/messages", body: "text=Hello"), timeout: .seconds(1))
    #expect(response.status == .created)
    #expect(try await text(response) == #"{"from":"emulator"}"#)
    let sent = divergences.sent.withLock { $0 }
    #expect(sent.map(\.url) == ["https://x.test/api/v1/messages"])
    #expect(sent.map { String(decoding: $0.body, as: UTF8.self) } == ["text=Hello"])
    #expect(answers.counts == (answered: 0, diverged: 1))
  }
}
