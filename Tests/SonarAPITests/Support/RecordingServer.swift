import HTTPTypes
import Hummingbird
import NIOCore
import SonarflowTesting
import Synchronization
import Testing

/// A real HTTP listener on port 0 that records each request and answers with a fixed response
/// (the recorded one, for cassette replay). Not a mock: the client talks HTTP to it.
final class RecordingServer: Sendable {
  struct Captured: Sendable {
    var method: String
    var path: String
    var query: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
      headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
    }
  }

  private let captured = Mutex<[Captured]>([])
  var requests: [Captured] { captured.withLock { $0 } }

  /// Runs `body` with the base URL (`http://127.0.0.1:PORT/api/v1`) of a server answering
  /// `status` and `responseBody` to everything.
  static func with<T: Sendable>(
    status: Int, responseBody: String, headers: [(String, String)] = [],
    _ body: @Sendable (String, RecordingServer) async throws -> T
  ) async throws -> T {
    let server = RecordingServer()
    let responder = CallbackResponder<BasicRequestContext> { request, _ in
      let bytes = try await request.body.collect(upTo: 4 * 1024 * 1024)
      server.captured.withLock {
        $0.append(
          Captured(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            headers: request.headers.map { ($0.name.canonicalName, $0.value) },
            body: Array(buffer: bytes)))
      }
      var fields = HTTPFields()
      fields[.contentType] = "application/json"
      for (name, value) in headers {
        if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
      }
      return Response(
        status: .init(code: status), headers: fields,
        body: ResponseBody(byteBuffer: ByteBuffer(string: responseBody)))
    }
    return try await LoopbackHTTPServer.run(responder) { port in
      try await body("http://127.0.0.1:\(port)/api/v1", server)
    }
  }
}
