import AsyncHTTPClient
import NIOCore
import Replay
import SonarAPI
import Synchronization
import Testing

/// Moving a replay's requests to its emulator: the origin replaced, path and query kept, and the
/// origin asked for only when a request is sent.
@Suite struct OriginTransportTests {
  final class Capture: HTTPTransport {
    let urls = Mutex<[String]>([])

    func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
      urls.withLock { $0.append(request.url) }
      return HTTPClientResponse(status: .ok)
    }
  }

  @Test(arguments: [
    ("https://api.example.com/v2/items?page=2&q=a%20b", "http://127.0.0.1:9/v2/items?page=2&q=a%20b"),
    ("https://api.example.com", "http://127.0.0.1:9/"),
    ("https://api.example.com?x=1", "http://127.0.0.1:9/?x=1"),
    ("http://sonar.replay.invalid/api/v1/messages", "http://127.0.0.1:9/api/v1/messages"),
  ])
  func theOriginIsReplacedAndThePathAndQueryKept(url: String, moved: String) async throws {
    let capture = Capture()
    let transport = OriginTransport(base: capture) { "http://127.0.0.1:9" }
    _ = try await transport.send(HTTPClientRequest(url: url), timeout: .seconds(1))
    #expect(capture.urls.withLock { $0 } == [moved])
  }

  @Test func theOriginIsAskedForAtEachRequestOnly() async throws {
    let asked = Mutex(0)
    let transport = OriginTransport(base: Capture()) {
      asked.withLock { $0 += 1 }
      return "http://127.0.0.1:9"
    }
    #expect(asked.withLock { $0 } == 0)
    _ = try await transport.send(HTTPClientRequest(url: "https://a.test/x"), timeout: .seconds(1))
    #expect(asked.withLock { $0 } == 1)
  }
}
