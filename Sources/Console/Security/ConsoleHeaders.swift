import HTTPTypes
import Hummingbird
import NIOCore

/// The headers every console response carries: a strict Content-Security-Policy (no inline script
/// or style, nothing from elsewhere, no framing), no content sniffing, no referrer, no caching.
struct ConsoleHeaders<Context: RequestContext>: RouterMiddleware {
  static var contentSecurityPolicy: String {
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
  }

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as HTTPError {
      // Errors thrown by routes (404 for an unknown execution, say) carry the headers too.
      response = ConsoleResponse.text(error.status, error.body ?? error.status.reasonPhrase)
    } catch {
      // A store that cannot be read: its error may name a database URL, so neither the answer nor
      // the log shows its text; the log names the request and the kind of error.
      context.logger.error(
        "console request failed",
        metadata: ["path": "\(request.uri.path)", "error_type": "\(String(reflecting: type(of: error)))"])
      response = ConsoleResponse.text(.internalServerError, "the history could not be read")
    }
    Self.apply(to: &response.headers)
    return response
  }

  static func apply(to headers: inout HTTPFields) {
    headers[.contentSecurityPolicy] = contentSecurityPolicy
    headers[.xContentTypeOptions] = "nosniff"
    if let referrerPolicy = HTTPField.Name("Referrer-Policy") { headers[referrerPolicy] = "no-referrer" }
    if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
  }
}
