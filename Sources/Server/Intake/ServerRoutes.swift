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
  ) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    let limit = configuration.maxBodySize
    router.post("/hooks/:name") { request, context -> Response in
      let name = context.parameters.get("name") ?? ""
      let body = await hookBody(request, limit: limit)
      let answer = await intake.accept(hook: name, body: body.bytes, contentType: body.contentType)
      return json(answer.status, answer.json, retryAfter: answer.retryAfter)
    }
    router.get("/healthz") { _, _ -> Response in
      json(200, ["status": "ok"])
    }
    router.get("/readyz") { _, _ -> Response in
      readiness.isReady ? json(200, ["status": "ready"]) : json(503, ["status": "starting"])
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
