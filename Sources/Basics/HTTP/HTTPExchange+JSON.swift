/// Exchanges as history stores them: a JSON array of objects with the fields of `HTTPExchange`
/// (headers as `[name, value]` pairs, in order; the duration in whole microseconds).
extension HTTPExchange {
  package var jsonValue: JSONValue {
    var members: [(String, JSONValue)] = [
      ("method", .string(method)), ("url", .string(url)),
      ("requestHeaders", Self.json(requestHeaders)),
    ]
    if let requestBody { members.append(("requestBody", .string(requestBody))) }
    if let status { members.append(("status", .int(status))) }
    members.append(("responseHeaders", Self.json(responseHeaders)))
    if let responseBody { members.append(("responseBody", .string(responseBody))) }
    if isBodyTruncated { members.append(("bodyTruncated", .bool(true))) }
    if let failure { members.append(("failure", .string(failure))) }
    members.append(("durationMicroseconds", .int(Int(duration.wholeMicroseconds))))
    members.append(("attempt", .int(attempt)))
    return .object(JSONObject(members))
  }

  /// Reads an exchange as `jsonValue` writes it; nil for anything else.
  package init?(json: JSONValue) {
    guard let object = json.objectValue, let method = object["method"]?.stringValue,
      let url = object["url"]?.stringValue
    else { return nil }
    self.method = method
    self.url = url
    requestHeaders = Self.headers(object["requestHeaders"])
    requestBody = object["requestBody"]?.stringValue
    status = object["status"]?.stringValue.flatMap { Int($0) }
    responseHeaders = Self.headers(object["responseHeaders"])
    responseBody = object["responseBody"]?.stringValue
    isBodyTruncated = object["bodyTruncated"]?.boolValue ?? false
    failure = object["failure"]?.stringValue
    duration = .microseconds(object["durationMicroseconds"]?.stringValue.flatMap { Int64($0) } ?? 0)
    attempt = object["attempt"]?.stringValue.flatMap { Int($0) } ?? 1
  }

  /// A list of exchanges as stored: a JSON array's bytes.
  package static func jsonBytes(_ exchanges: [HTTPExchange]) -> [UInt8] {
    JSONValue.array(exchanges.map(\.jsonValue)).serializedBytes
  }

  /// Reads a stored list; what is not an exchange is skipped.
  package static func list(fromJSON bytes: [UInt8]) -> [HTTPExchange] {
    guard case .array(let items)? = try? JSONParser.parse(bytes) else { return [] }
    return items.compactMap(HTTPExchange.init(json:))
  }

  private static func json(_ headers: [Header]) -> JSONValue {
    .array(headers.map { .array([.string($0.name), .string($0.value)]) })
  }

  private static func headers(_ value: JSONValue?) -> [Header] {
    (value?.arrayValue ?? []).compactMap { pair in
      guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue,
        let value = items[1].stringValue
      else { return nil }
      return Header(name: name, value: value)
    }
  }
}
