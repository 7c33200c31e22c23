import Basics
import Expressions
import Foundation
import HTTPTypes
package import Hummingbird
import NIOCore
import Prometheus

/// The HTTP surface: hooks, health, readiness, metrics.
package enum ServerRoutes {
  static func router(
    intake: WebhookIntake, readiness: Readiness, prometheus: PrometheusCollectorRegistry,
    configuration: ServerConfiguration
  ) -> Router<HookRequestContext> {
    let router = Router(context: HookRequestContext.self)
    let limit = configuration.maxBodySize
    let hook: @Sendable (Request, HookRequestContext) async -> Response = { request, context in
      let name = context.parameters.get("name") ?? ""
      let secret = context.parameters.get("secret").map { Substring($0) }
      let scenario: ServedScenario
      switch intake.admit(hook: name, secret: secret, peer: context.peerAddress) {
      case .admitted(let admitted): scenario = admitted
      case .rejected(let answer): return json(answer.status, answer.json, retryAfter: answer.retryAfter)
      }
      let body = await hookBody(request, limit: limit)
      let answer = await intake.accept(
        hook: name, scenario: scenario, body: body.bytes, contentType: body.contentType, headers: request.headers)
      return json(answer.status, answer.json, retryAfter: answer.retryAfter)
    }
    for path in ["/hooks/:name/:secret", "/hooks/:name"] {
      router.post(RouterPath(path), use: hook)
      // Hooks take POST only; any other method is told so, whether the hook exists or not.
      for method in [HTTPRequest.Method.get, .head, .put, .patch, .delete, .options] {
        router.on(RouterPath(path), method: method) { _, _ -> Response in
          var response = json(405, ["error": "hooks take POST requests only"])
          response.headers[.allow] = "POST"
          return response
        }
      }
    }
    router.get("/healthz") { _, _ -> Response in
      json(200, ["status": "ok"])
    }
    router.get("/readyz") { _, _ -> Response in
      guard readiness.isStarted else { return json(503, ["status": "starting"]) }
      guard readiness.isStoreWritable else { return json(503, ["status": "the history database does not take writes"]) }
      return json(200, ["status": "ready"])
    }
    router.get("/metrics") { _, _ -> Response in
      var buffer: [UInt8] = []
      prometheus.emit(into: &buffer)
      return Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    return router
  }

  /// A hook request's body and Content-Type. The bytes are nil when the body is larger than
  /// `limit` (by its Content-Length or as read) or cannot be read; the intake answers 413 then.
  /// Benchmarks/serve's baseline server reads bodies through this too.
  package static func hookBody(
    _ request: Request, limit: Int
  ) async -> (bytes: [UInt8]?, contentType: String?) {
    let headers = bodyHeaders(request.headers)
    if let length = headers.length, length > limit { return (nil, headers.type) }
    guard let buffer = try? await request.body.collect(upTo: limit) else { return (nil, headers.type) }
    return (Array(buffer.readableBytesView), headers.type)
  }

  /// A hook request's Content-Length and Content-Type, the first of each, read in one pass over
  /// the fields: `HTTPFields`' subscript joins every field of a name into a new string, through an
  /// index it builds for the request (about 2 % of a hook request's CPU for these two).
  static func bodyHeaders(_ fields: HTTPFields) -> (length: Int?, type: String?) {
    var length: Int?
    var type: String?
    for field in fields {
      if length == nil, field.name == .contentLength {
        length = Int(field.value)
      } else if type == nil, field.name == .contentType {
        type = field.value
      }
    }
    return (length, type)
  }

  package static func json(_ status: Int, _ object: [String: String], retryAfter: Int? = nil) -> Response {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let retryAfter { headers[.retryAfter] = String(retryAfter) }
    return Response(
      status: HTTPResponse.Status(code: status), headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: jsonBytes(object))))
  }

  /// A flat object of strings as JSON, keys sorted. Not `JSONSerialization`: bridging to
  /// NSDictionary and sorting through NSString cost more than the rest of an answer.
  static func jsonBytes(_ object: [String: String]) -> [UInt8] {
    var writer = JSONWriter()
    writer.beginObject()
    for key in object.keys.sorted() {
      writer.key(key)
      writer.string(object[key] ?? "")
    }
    writer.endObject()
    return Array(writer.text.utf8)
  }
}
