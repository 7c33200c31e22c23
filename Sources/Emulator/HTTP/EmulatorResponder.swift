import Basics
import HTTPTypes
import Hummingbird
import NIOCore
import SonarAPI

/// Answers every HTTP request: `/api/v1/…` (Sonar's API, with injected faults), `/_emulator/…`
/// (control API), anything else 404. Every answer is JSON; no input makes it crash.
struct EmulatorResponder: HTTPResponder {
  typealias Context = EmulatorRequestContext
  static let maximumBodySize = 1024 * 1024

  let store: EmulatorStore
  let faults: FaultInjector
  let control: ControlAPI

  func respond(to request: Request, context: Context) async throws -> Response {
    let path = request.uri.path
    let method = request.method.rawValue
    if path == "/api/v1" || path.hasPrefix("/api/v1/") {
      return try await respondToAPI(
        request, method: method, path: String(path.dropFirst("/api/v1".count)), context: context)
    }
    if path.hasPrefix("/_emulator/") {
      let body: [UInt8]
      switch await Self.readBody(request) {
      case .failure(let error): return Self.response(error.response)
      case .success(let bytes): body = bytes
      }
      let answer = await control.handle(
        method: method, path: String(path.dropFirst("/_emulator".count)), body: body)
      return Self.response(answer)
    }
    return Self.response(.error(404, "Not Found"))
  }

  private func respondToAPI(
    _ request: Request, method: String, path: String, context: Context
  )
    async throws -> Response
  {
    let fault = faults.decide(method: method, path: "/api/v1" + path)
    // Latency is spent before handling in the `before` phase and after it (the send happened, the
    // answer is slow) in the `after` phase.
    if let fault, fault.phase == .before {
      if fault.latencyMilliseconds > 0 {
        try await Task.sleep(for: .milliseconds(fault.latencyMilliseconds))
      }
      if let early = await Self.apply(fault, context: context) { return early }
    }
    let answer = await handleAPI(request, method: method, path: path)
    if let fault, fault.phase == .after {
      if fault.latencyMilliseconds > 0 {
        try await Task.sleep(for: .milliseconds(fault.latencyMilliseconds))
      }
      if let late = await Self.apply(fault, context: context) { return late }
    }
    return Self.response(answer)
  }

  private func handleAPI(_ request: Request, method: String, path: String) async -> EmulatorResponse {
    let endpoint: APIEndpoint
    switch APIEndpoint.match(method: method, path: path) {
    case .notFound: return .error(404, "Not Found")
    case .methodNotAllowed: return .error(405, "405 Not Allowed")
    case .endpoint(let matched): endpoint = matched
    }
    let bytes: [UInt8]
    switch await Self.readBody(request) {
    case .failure(let error): return error.response
    case .success(let body): bytes = body
    }
    var parameters = FormEncoding.decode(request.uri.query ?? "")
    switch Self.parseBody(bytes, contentType: Self.header(request, "content-type")) {
    case .failure(let error): return error.response
    case .success(let body):
      for entry in body.entries { parameters[entry.key] = entry.value }
    }
    let token =
      Self.header(request, "x-token") ?? Self.header(request, "token")
      ?? parameters["token"]?.stringValue
    let publishableKey =
      Self.header(request, "x-publishable-key") ?? parameters["publishable_key"]?.stringValue
    parameters["token"] = nil
    let apiRequest = APIRequest(
      endpoint: endpoint, parameters: parameters, token: token, publishableKey: publishableKey)
    return await store.handle(apiRequest)
  }

  /// The answer a fault gives, or nil when it only delays.
  private static func apply(_ fault: FaultInjector.Decision, context: Context) async -> Response? {
    if fault.dropsConnection {
      // Closed before answering, and waited for, so the client never sees the answer below.
      context.channel.close(mode: .all, promise: nil)
      try? await context.channel.closeFuture.get()
      return response(.error(500, "connection dropped"))
    }
    guard let status = fault.status else { return nil }
    var answer: EmulatorResponse
    switch status {
    case 429: answer = .error(429, "Rate Limit Exceeded")
    case 502: answer = .error(502, "Bad Gateway")
    case 503: answer = .error(503, "Service Unavailable")
    case 504: answer = .error(504, "Gateway Timeout")
    default: answer = .error(500, "Internal Server Error")
    }
    if let retryAfter = fault.retryAfterSeconds {
      answer.headers.append(("Retry-After", String(retryAfter)))
    }
    return response(answer)
  }

  // MARK: Parsing

  static func readBody(_ request: Request) async -> Result<[UInt8], EmulatorResponseError> {
    do {
      let buffer = try await request.body.collect(upTo: maximumBodySize)
      return .success(Array(buffer: buffer))
    } catch {
      return .failure(.init(.error(413, "Request body is larger than 1 MB")))
    }
  }

  /// JSON (`application/json`, or a body starting with `{` when no type is given) or a form body;
  /// either becomes one parameter object.
  static func parseBody(
    _ bytes: [UInt8], contentType: String?
  ) -> Result<
    JSONObject, EmulatorResponseError
  > {
    guard bytes.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
      return .success(JSONObject())
    }
    let type = contentType?.lowercased() ?? ""
    let looksLikeJSON =
      bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{")
    if type.contains("json") || (type.isEmpty && looksLikeJSON) {
      guard let value = try? JSONParser.parse(bytes) else {
        return .failure(.init(.error(400, "Invalid JSON body")))
      }
      guard let object = value.objectValue else {
        return .failure(.init(.error(400, "The JSON body must be an object")))
      }
      return .success(object)
    }
    if type.isEmpty || type.contains("x-www-form-urlencoded") || type.hasPrefix("text/plain") {
      guard let text = String(validating: bytes, as: UTF8.self) else {
        return .failure(.init(.error(400, "Invalid form body")))
      }
      return .success(FormEncoding.decode(text))
    }
    return .failure(
      .init(
        .error(
          415,
          "Unsupported Content-Type; send application/json or application/x-www-form-urlencoded")))
  }

  static func header(_ request: Request, _ lowercasedName: String) -> String? {
    request.headers.first(where: { $0.name.canonicalName == lowercasedName })?.value
  }

  static func response(_ answer: EmulatorResponse) -> Response {
    var fields = HTTPFields()
    fields[.contentType] = "application/json"
    for (name, value) in answer.headers {
      if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
    }
    return Response(
      status: .init(code: answer.status), headers: fields,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body.serializedBytes)))
  }
}
