/// One HTTP request an operation made and what came back (or why nothing did), as history keeps it
/// and replay answers from: Sonar calls and `http.request`/`http.watch` alike, one per attempt.
///
/// Made only through `init(method:url:requestHeaders:…)`, which takes the secrets out: the values
/// of credential headers (`redactedHeaders`) and of a `token` query parameter become
/// `HTTPExchange.redacted`, so no exchange ever holds the Sonar token in a header or a URL.
/// (A token echoed in a body is removed with the rest of a record's data by history's redactor.)
package struct HTTPExchange: Sendable, Hashable {
  /// One header as sent or received.
  package typealias Header = HTTPHeader

  package var method: String
  /// The URL as requested: scheme, host, path and query.
  package var url: String
  package var requestHeaders: [Header]
  /// The request body as text (UTF-8; anything else is replaced), nil without a body.
  package var requestBody: String?
  /// The status answered; nil when no answer came (`failure` says why).
  package var status: Int?
  package var responseHeaders: [Header]
  package var responseBody: String?
  /// A body longer than `maximumBodyBytes` is kept cut there, and this says so.
  package var isBodyTruncated: Bool
  /// Why no answer came: a timeout, a refused or lost connection.
  package var failure: String?
  /// From the request's start to the answer's last byte.
  package var duration: Duration
  /// 1 for the first try; each retry is an exchange of its own.
  package var attempt: Int

  /// What stands in for a secret.
  package static let redacted = "<redacted>"
  /// Headers that carry credentials; compared without regard to case.
  package static let redactedHeaders: Set<String> = [
    "x-token", "x-publishable-key", "authorization", "proxy-authorization", "cookie", "set-cookie",
  ]
  /// Query parameters that carry credentials (Sonar's `GET /customers` takes `token=`).
  package static let redactedQueryNames: Set<String> = ["token", "access_token", "api_key", "apikey"]
  /// The longest body kept, in bytes, of a request or an answer.
  package static let maximumBodyBytes = 256 * 1024

  package init(
    method: String, url: String, requestHeaders: [Header], requestBody: [UInt8]?, status: Int?,
    responseHeaders: [Header], responseBody: [UInt8]?, failure: String? = nil, duration: Duration, attempt: Int
  ) {
    self.method = method
    self.url = Self.redactingQuery(of: url)
    self.requestHeaders = requestHeaders.map(Self.redacting)
    var truncated = false
    self.requestBody = requestBody.map { Self.text($0, truncated: &truncated) }
    self.status = status
    self.responseHeaders = responseHeaders.map(Self.redacting)
    self.responseBody = responseBody.map { Self.text($0, truncated: &truncated) }
    isBodyTruncated = truncated
    self.failure = failure
    self.duration = duration
    self.attempt = attempt
  }

  /// The URL's path and query, without scheme and host: what a replay matches requests on.
  package var pathAndQuery: String { Self.pathAndQuery(of: url) }

  /// A URL's path and query, without scheme and host (`/` when it has no path).
  package static func pathAndQuery(of url: String) -> String {
    // Byte-wise: a replay matches and compares every request by it, and `firstRange(of:)` on the
    // String (Unicode-aware searching) was a few percent of a replay's CPU.
    let utf8 = url.utf8
    guard let rest = afterSchemeSeparator(utf8) else { return url }
    guard let start = utf8[rest...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
      return "/"
    }
    return utf8[start] == UInt8(ascii: "?") ? "/" + url[start...] : String(url[start...])
  }

  /// Where what follows the first `://` of `utf8` starts; nil without one.
  private static func afterSchemeSeparator(_ utf8: String.UTF8View) -> String.Index? {
    var index = utf8.startIndex
    while let colon = utf8[index...].firstIndex(of: UInt8(ascii: ":")) {
      var next = utf8.index(after: colon)
      var slashes = 0
      while slashes < 2, next < utf8.endIndex, utf8[next] == UInt8(ascii: "/") {
        slashes += 1
        next = utf8.index(after: next)
      }
      if slashes == 2 { return next }
      index = utf8.index(after: colon)
    }
    return nil
  }

  private static func redacting(_ header: Header) -> Header {
    redactedHeaders.contains(header.name.lowercased()) ? Header(name: header.name, value: redacted) : header
  }

  private static func text(_ bytes: [UInt8], truncated: inout Bool) -> String {
    guard bytes.count > maximumBodyBytes else { return String(decoding: bytes, as: UTF8.self) }
    truncated = true
    return String(decoding: bytes.prefix(maximumBodyBytes), as: UTF8.self)
  }

  /// `url` with the values of credential query parameters replaced.
  package static func redactingQuery(of url: String) -> String {
    guard let questionMark = url.firstIndex(of: "?") else { return url }
    let query = url[url.index(after: questionMark)...]
    guard mayNameCredential(query.utf8) else { return url }
    let fragmentStart = query.firstIndex(of: "#") ?? query.endIndex
    let pairs = query[..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false).map { pair in
      let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
      return redactedQueryNames.contains(name.lowercased()) ? "\(name)=\(redacted)" : String(pair)
    }
    return String(url[...questionMark]) + pairs.joined(separator: "&") + String(query[fragmentStart...])
  }

  /// Whether a query may name a credential parameter: every one of `redactedQueryNames` holds
  /// "token" or "api", in any letter case, or a Kelvin sign (which `lowercased()` turns into "k").
  /// A query without any is kept as it is without being split into pairs: every recorded and
  /// replayed request comes here. A name added to `redactedQueryNames` must hold one of these
  /// words (`HTTPExchangeTests.everyRedactedQueryNameIsRedacted` checks it).
  private static func mayNameCredential(_ query: Substring.UTF8View) -> Bool {
    let bytes = Array(query)
    for word in credentialWords {
      guard bytes.count >= word.count else { continue }
      for start in 0...(bytes.count - word.count) {
        var index = 0
        while index < word.count, lowercasedASCII(bytes[start + index]) == word[index] { index += 1 }
        if index == word.count { return true }
      }
    }
    return false
  }

  private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
  }

  private static let credentialWords: [[UInt8]] = [Array("token".utf8), Array("api".utf8), [0xE2, 0x84, 0xAA]]
}
