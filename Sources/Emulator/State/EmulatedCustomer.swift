import Basics
import SonarAPI

/// A customer in the emulator's memory, keyed by E.164 phone number.
struct EmulatedCustomer: Sendable {
  var id: Int
  var phone: PhoneNumber
  var firstName: String?
  var lastName: String?
  var email: String?
  var pictureURL: String?
  var assignedPhoneNumber: String?
  var isSubscribed: Bool = true
  var unsubscribedAt: SonarTimestamp?
  /// String values in insertion order.
  var properties = JSONObject()
  var externalID: String?
  var assignee: Assignee?
  /// `open` or `closed`.
  var state = "open"
  var timeZone: String?
  var createdAt: SonarTimestamp

  /// `POST /customers` answer (2017 field set and order), `phone_number` echoed as sent.
  func upsertJSON(echoing phoneText: String) -> JSONValue {
    .object(
      JSONObject([
        ("phone_number", .string(phoneText)),
        ("email", .optional(email)),
        ("first_name", .optional(firstName)),
        ("last_name", .optional(lastName)),
        ("subscribed", .bool(isSubscribed)),
        ("properties", .object(properties)),
        ("assignee", assignee?.json ?? .null),
      ]))
  }

  /// `GET /customers` answer (2017 field set and order).
  var lookupJSON: JSONValue {
    .object(
      JSONObject([
        ("phone_number", .string(phone.e164)),
        ("first_name", .optional(firstName)),
        ("last_name", .optional(lastName)),
        ("email", .optional(email)),
        ("assigned_phone_number", .optional(assignedPhoneNumber)),
        ("subscribed", .bool(isSubscribed)),
        ("unsubscribed_at", .optional(unsubscribedAt?.iso8601)),
        ("properties", .object(properties)),
        ("external_id", .optional(externalID)),
      ]))
  }

  /// The full customer object of reference §5.1, used in webhook payloads.
  var payloadJSON: JSONValue {
    .object(
      JSONObject([
        ("phone_number", .string(phone.e164)),
        ("first_name", .optional(firstName)),
        ("last_name", .optional(lastName)),
        ("email", .optional(email)),
        ("picture_url", .optional(pictureURL)),
        ("assigned_phone_number", .optional(assignedPhoneNumber)),
        ("subscribed", .bool(isSubscribed)),
        ("unsubscribed_at", .optional(unsubscribedAt?.iso8601)),
        ("properties", .object(properties)),
        ("external_id", .optional(externalID)),
        ("assignee", assignee?.json ?? .null),
      ]))
  }

  /// Everything, for `GET /_emulator/state`.
  var stateJSON: JSONValue {
    guard case .object(var object) = payloadJSON else { return payloadJSON }
    object["id"] = .int(id)
    object["state"] = .string(state)
    object["timezone"] = .optional(timeZone)
    object["created_at"] = .string(createdAt.iso8601)
    return .object(object)
  }

  var displayName: String? {
    let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    return name.isEmpty ? nil : name
  }
}
