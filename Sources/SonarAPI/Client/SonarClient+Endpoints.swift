import Basics
import NIOHTTP1

extension SonarClient {
  /// `GET /customers?phone_number=` (Make: Get a Customer). Throws `not_found` for an unknown number.
  package func customer(phoneNumber: String) async throws -> Customer {
    let phone = try Self.normalized(phoneNumber)
    let (_, object) = try await performForObject(
      SonarCall(
        method: .GET, path: "/customers", query: [("phone_number", phone.e164)],
        credential: .tokenAlsoInQuery,
        isIdempotent: true))
    return try Customer(json: object)
  }

  /// `POST /customers` (Make: Create/Update a Customer): an upsert by phone number; only the fields
  /// set are changed and properties are merged.
  package func upsertCustomer(_ update: CustomerUpdate) async throws -> CustomerUpsertResult {
    let phone = try Self.normalized(update.phoneNumber)
    var body = JSONObject()
    body["phone_number"] = .string(phone.e164)
    body["email"] = update.email.map(JSONValue.string)
    body["first_name"] = update.firstName.map(JSONValue.string)
    body["last_name"] = update.lastName.map(JSONValue.string)
    body["picture_url"] = update.pictureURL.map(JSONValue.string)
    body["subscribed"] = update.isSubscribed.map(JSONValue.bool)
    body["timezone"] = update.timeZone.map(JSONValue.string)
    body["user_email"] = update.userEmail.map(JSONValue.string)
    body["zip_code"] = update.zipCode.map(JSONValue.string)
    if !update.properties.isEmpty {
      var properties = JSONObject()
      for property in update.properties { properties[property.name] = .string(property.value) }
      body["properties"] = .object(properties)
    }
    let (status, object) = try await performForObject(
      SonarCall(
        method: .POST, path: "/customers", body: .parameters(body, forceJSON: false),
        isIdempotent: true))
    return CustomerUpsertResult(customer: try Customer(json: object), wasCreated: status == 201)
  }

  /// `POST /customers/unassign` (Make: Unassign Agent). The path is the reference's assumption (§6.10).
  package func unassignCustomer(phoneNumber: String) async throws {
    try await postSuccess("/customers/unassign", phoneNumber: phoneNumber)
  }

  /// `POST /customers/close` (Make: Close a Customer): unassigns and archives the conversation.
  package func closeCustomer(phoneNumber: String) async throws {
    try await postSuccess("/customers/close", phoneNumber: phoneNumber)
  }

  private func postSuccess(_ path: String, phoneNumber: String) async throws {
    let phone = try Self.normalized(phoneNumber)
    let (status, object) = try await performForObject(
      SonarCall(
        method: .POST, path: path,
        body: .parameters(JSONObject([("phone_number", .string(phone.e164))]), forceJSON: false),
        isIdempotent: true))
    guard object["success"]?.boolValue == true else {
      throw SonarError.invalidResponse("expected {\"success\":true}", status: status)
    }
  }

  /// `DELETE /customers/properties` (Make: Delete a Customer Property), by phone number or email.
  /// The parameters travel in a form body, as recorded.
  package func deleteProperty(
    named name: String, of customer: CustomerReference
  ) async throws
    -> PropertyDeletion
  {
    var body = JSONObject()
    switch customer {
    case .phoneNumber(let number): body["phone_number"] = .string(try Self.normalized(number).e164)
    case .email(let email): body["email"] = .string(email)
    }
    body["property_name"] = .string(name)
    let (_, object) = try await performForObject(
      SonarCall(
        method: .DELETE, path: "/customers/properties", body: .parameters(body, forceJSON: false),
        isIdempotent: true))
    return PropertyDeletion(json: object)
  }

  /// `POST /messages` (Make: Send a Message). Not retried once the outcome is unknown; see
  /// ``RetryStateMachine``.
  package func sendMessage(_ message: OutgoingMessage) async throws -> MessageReceipt {
    let phone = try Self.normalized(message.to)
    var body = JSONObject()
    body["to"] = .string(phone.e164)
    body["text"] = message.text.map(JSONValue.string)
    body["media_url"] = message.mediaURL.map(JSONValue.string)
    if !message.tagNames.isEmpty {
      body["tag_names"] = .array(message.tagNames.map(JSONValue.string))
    }
    let (_, object) = try await performForObject(
      SonarCall(
        method: .POST, path: "/messages", body: .parameters(body, forceJSON: false),
        isIdempotent: false))
    return try MessageReceipt(json: object)
  }

  /// `POST /messages/{id}/tags` (Make: Append Tag to Existing Message). Path assumed (§6.11).
  package func appendTags(
    _ tagNames: [String], toMessage messageID: String
  ) async throws
    -> TagAppendResult
  {
    let id = messageID.trimmingWhitespace()
    guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
      throw SonarError.badRequest("'\(messageID)' is not a message id", status: 400)
    }
    let body = JSONObject([("tag_names", .array(tagNames.map(JSONValue.string)))])
    let (_, object) = try await performForObject(
      SonarCall(
        method: .POST, path: "/messages/\(id)/tags", body: .parameters(body, forceJSON: false),
        isIdempotent: true))
    return TagAppendResult(json: object)
  }

  /// `POST /campaigns` (Make: Send a Campaign). `sendAt` goes out as `send_at`, ISO 8601 UTC.
  package func sendCampaign(_ campaign: CampaignSend) async throws -> MessageReceipt {
    let phone = try Self.normalized(campaign.to)
    var body = JSONObject()
    body["to"] = .string(phone.e164)
    body["campaign_id"] = .string(campaign.campaignID)
    body["send_at"] = campaign.sendAt.map { .string($0.iso8601) }
    let (_, object) = try await performForObject(
      SonarCall(
        method: .POST, path: "/campaigns", body: .parameters(body, forceJSON: false),
        isIdempotent: false))
    return try MessageReceipt(json: object)
  }

  /// `GET /webhooks`.
  package func webhooks() async throws -> [Webhook] {
    let response = try await perform(SonarCall(method: .GET, path: "/webhooks", isIdempotent: true))
    guard (200..<300).contains(response.status) else { throw Self.error(from: response) }
    guard let items = response.json?.arrayValue else {
      throw SonarError.invalidResponse("expected a JSON array", status: response.status)
    }
    var webhooks: [Webhook] = []
    for item in items {
      guard let object = item.objectValue else {
        throw SonarError.invalidResponse("expected webhook objects")
      }
      webhooks.append(try Webhook(json: object))
    }
    return webhooks
  }

  /// `POST /webhooks`, always as JSON (the documented form), what Make's Watch modules do on save.
  package func registerWebhook(_ registration: WebhookRegistration) async throws -> Webhook {
    var settings = JSONObject()
    for event in registration.events { settings[event.rawValue] = "true" }
    let webhook = JSONObject([
      ("name", .string(registration.name)),
      ("active", .string(registration.isActive ? "true" : "false")),
      ("settings", .object(settings)),
      ("url", .string(registration.url)),
      ("http_method", .string(registration.httpMethod)),
    ])
    let (_, object) = try await performForObject(
      SonarCall(
        method: .POST, path: "/webhooks",
        body: .parameters(JSONObject([("webhook", .object(webhook))]), forceJSON: true),
        isIdempotent: false))
    return try Webhook(json: object)
  }

  /// `DELETE /webhooks/{id}` (Make, when a Watch module is removed).
  package func deleteWebhook(id: Int) async throws {
    _ = try await performForObject(
      SonarCall(method: .DELETE, path: "/webhooks/\(id)", isIdempotent: true))
  }

  /// `GET /phone_numbers/available` with the publishable key (not the private token).
  package func availablePhoneNumber(publishableKey: String) async throws -> String {
    let (_, object) = try await performForObject(
      SonarCall(
        method: .GET, path: "/phone_numbers/available", credential: .publishableKey(publishableKey),
        isIdempotent: true))
    guard let number = object["available_number"]?.stringValue else {
      throw SonarError.invalidResponse("the response has no available_number")
    }
    return number
  }

  /// Make's "Make an API Call": any path under the base URL with the token added. Returns the
  /// answer whatever its status; throws only for a bad path or a transport failure. Auth headers in
  /// `request.headers` are replaced by the client's own.
  package func call(_ request: RawRequest) async throws -> RawResponse {
    let (path, rawQuery) = try RawPath.validate(request.path)
    let method = HTTPMethod(rawValue: request.method.uppercased())
    let blocked: Set<String> = ["token", "x-token", "host", "x-publishable-key", "content-length"]
    var call = SonarCall(
      method: method, path: path,
      query: request.query.map { ($0.name, $0.value) }, rawQuery: rawQuery,
      body: request.body.map(SonarCall.Body.raw),
      headers: request.headers.filter { !blocked.contains($0.name.lowercased()) }.map {
        ($0.name, $0.value)
      },
      isIdempotent: [.GET, .HEAD, .PUT, .DELETE, .OPTIONS].contains(method))
    call.returnsLastResponse = true
    return try await perform(call)
  }

  static func normalized(_ phoneNumber: String) throws(SonarError) -> PhoneNumber {
    guard let phone = PhoneNumber(phoneNumber) else {
      throw SonarError.invalidPhoneNumber(phoneNumber, status: nil)
    }
    return phone
  }
}
