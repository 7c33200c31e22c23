import AsyncHTTPClient
import Basics
import NIOCore
import NIOHTTP1
import SonarAPI
import Synchronization
import Testing

/// The client sends through the `HTTPTransport` it is given (replay answers from a recording this
/// way): no connection is made, and each attempt is still recorded in the bound exchange log.
@Suite struct SonarClientTransportTests {
  /// Answers 503 first, then 202, and keeps what it was sent.
  final class Answering: HTTPTransport {
    let sent = Mutex<[(url: String, token: String?, body: String)]>([])

    func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
      var body: [UInt8] = []
      if let requestBody = request.body {
        for try await buffer in requestBody { body += buffer.readableBytesView }
      }
      let count = sent.withLock {
        $0.append((request.url, request.headers["X-Token"].first, String(decoding: body, as: UTF8.self)))
        return $0.count
      }
      if count == 1 { return HTTPClientResponse(status: .serviceUnavailable) }
      return HTTPClientResponse(
        status: .accepted, headers: ["Content-Type": "application/json"],
        body: .bytes(ByteBuffer(string: #"{"status":"queued","to":"+13105551234","text":"Hi"}"#)))
    }
  }

  @Test func callsGoThroughTheTransportAndEveryAttemptIsRecorded() async throws {
    let transport = Answering()
    let client = SonarClient(
      token: "secret-token",
      configuration: SonarClient.Configuration(environment: try SonarEnvironment(baseURL: "http://sonar.test/api/v1")),
      transport: transport, sleep: { _ in })
    let log = ExchangeLog()
    let receipt = try await ExchangeLog.$current.withValue(log) {
      try await client.sendMessage(OutgoingMessage(to: "+13105551234", text: "Hi"))
    }
    #expect(receipt.status == .queued)
    let sent = transport.sent.withLock { $0 }
    #expect(sent.map(\.url) == ["http://sonar.test/api/v1/messages", "http://sonar.test/api/v1/messages"])
    #expect(sent.allSatisfy { $0.token == "secret-token" && $0.body == "to=%2B13105551234&text=Hi" })
    let exchanges = log.all
    #expect(exchanges.map(\.attempt) == [1, 2])
    #expect(exchanges.map(\.status) == [503, 202])
    #expect(exchanges.map(\.requestBody) == ["to=%2B13105551234&text=Hi", "to=%2B13105551234&text=Hi"])
    #expect(exchanges.allSatisfy { $0.requestHeaders.contains(.init(name: "X-Token", value: "<redacted>")) })
  }
}
