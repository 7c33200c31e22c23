import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SonarAPI
import SonarModules
import Synchronization

/// Answers a case's HTTP requests from its stubs, in process: nothing leaves the machine. A
/// request no stub matches fails in the module (as an unreachable host would) and is kept, so the
/// case fails naming it even when an error handler swallows the error.
final class StubTransport: HTTPTransport {
  private let stubs: [HTTPStub]
  private let missed = Mutex<[String]>([])

  init(stubs: [HTTPStub]) {
    self.stubs = stubs
  }

  /// `GET https://…` of every request no stub answered, in order.
  var unanswered: [String] { missed.withLock { $0 } }

  struct NoStub: Error, CustomStringConvertible {
    var request: String
    var description: String { "no stub in the test case answers \(request)" }
  }

  func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
    let method = request.method.rawValue
    guard let stub = stubs.first(where: { $0.answers(method: method, url: request.url) }) else {
      missed.withLock { $0.append("\(method) \(request.url)") }
      throw NoStub(request: "\(method) \(request.url)")
    }
    var headers = HTTPHeaders()
    for header in stub.headers { headers.add(name: header.name, value: header.value) }
    return HTTPClientResponse(
      status: HTTPResponseStatus(statusCode: stub.status), headers: headers,
      body: .bytes(ByteBuffer(string: stub.body)))
  }
}
