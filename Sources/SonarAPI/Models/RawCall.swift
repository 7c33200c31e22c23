package import Basics

/// A request for Make's "Make an API Call": any path under the base URL, with the token added.
package struct RawRequest: Sendable, Hashable {
  package typealias Header = HTTPHeader

  package var method: String
  /// Relative to the base URL, e.g. `/customers` or `customers?phone_number=…`. Absolute URLs and
  /// `..` segments are refused so the token never leaves the Sonar host.
  package var path: String
  package var query: [Header]
  package var headers: [Header]
  package var body: [UInt8]?

  package init(
    method: String = "GET", path: String, query: [Header] = [], headers: [Header] = [],
    body: [UInt8]? = nil
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// A JSON body with `Content-Type: application/json`.
  package init(method: String, path: String, query: [Header] = [], json: JSONValue) {
    self.init(
      method: method, path: path, query: query,
      headers: [Header(name: "Content-Type", value: "application/json")], body: json.serializedBytes
    )
  }
}

/// What "Make an API Call" returns: status, headers and body, whatever the status.
package struct RawResponse: Sendable, Hashable {
  package var status: Int
  package var headers: [RawRequest.Header]
  package var body: [UInt8]

  package init(status: Int, headers: [RawRequest.Header], body: [UInt8]) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  package var text: String { String(decoding: body, as: UTF8.self) }

  /// The body parsed as JSON, or nil when it is not JSON.
  package var json: JSONValue? { try? JSONParser.parse(body) }

  package func header(_ name: String) -> String? {
    headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
  }
}
