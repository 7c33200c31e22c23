package import Basics

/// A Sonar customer as returned by `GET /customers` or `POST /customers`.
///
/// Sonar returns different field sets per endpoint (reference §5.1), so everything but the phone
/// number is optional. `json` keeps the body as received, for modules that pass it on unchanged.
package struct Customer: Sendable, Hashable {
  package var id: Int?
  /// As Sonar returned it: E.164 from `GET /customers`, as sent on `POST /customers`.
  package var phoneNumber: String
  package var firstName: String?
  package var lastName: String?
  package var email: String?
  package var pictureURL: String?
  package var assignedPhoneNumber: String?
  package var isSubscribed: Bool?
  package var unsubscribedAt: String?
  package var properties: [String: String]
  package var externalID: String?
  package var assignee: Assignee?
  package var json: JSONObject

  package init(json: JSONObject) throws(SonarError) {
    guard let phone = json["phone_number"]?.stringValue else {
      throw SonarError.invalidResponse("the customer has no phone_number")
    }
    phoneNumber = phone
    id = json["id"].flatMap { if case .int(let id) = $0 { id } else { nil } }
    firstName = json["first_name"]?.stringValue
    lastName = json["last_name"]?.stringValue
    email = json["email"]?.stringValue
    pictureURL = json["picture_url"]?.stringValue
    assignedPhoneNumber = json["assigned_phone_number"]?.stringValue
    isSubscribed = json["subscribed"]?.boolValue
    unsubscribedAt = json["unsubscribed_at"]?.stringValue
    var properties: [String: String] = [:]
    for entry in json["properties"]?.objectValue?.entries ?? [] {
      properties[entry.key] = entry.value.stringValue
    }
    self.properties = properties
    externalID = json["external_id"]?.stringValue
    assignee = json["assignee"]?.objectValue.map(Assignee.init(json:))
    self.json = json
  }
}

/// The team member a customer is assigned to (`{first_name, last_name, email}`).
package struct Assignee: Sendable, Hashable {
  package var firstName: String?
  package var lastName: String?
  package var email: String?

  package init(firstName: String?, lastName: String?, email: String?) {
    self.firstName = firstName
    self.lastName = lastName
    self.email = email
  }

  package init(json: JSONObject) {
    firstName = json["first_name"]?.stringValue
    lastName = json["last_name"]?.stringValue
    email = json["email"]?.stringValue
  }

  package var json: JSONValue {
    .object(
      JSONObject([
        ("first_name", .optional(firstName)), ("last_name", .optional(lastName)),
        ("email", .optional(email)),
      ]))
  }

  /// "First Last", or nil when both are empty.
  package var fullName: String? {
    let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    return name.isEmpty ? nil : name
  }
}
