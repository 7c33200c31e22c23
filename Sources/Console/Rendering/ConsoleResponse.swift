import HTTPTypes
import Hummingbird
import NIOCore

/// The console's kinds of answer: an HTML page, plain text (errors), a redirect, an asset.
enum ConsoleResponse {
  static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }

  static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(
      status: status, headers: [.contentType: "text/plain; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }

  /// 303, so a form's POST is followed by a GET.
  static func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
  }

  static func asset(_ text: String, type: String) -> Response {
    Response(
      status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}
