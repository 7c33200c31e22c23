package import Basics

/// The fields of `POST /customers` (Make: Create/Update a Customer). Only the fields that are set are
/// sent, so an update changes just those; properties are merged by Sonar key by key.
package struct CustomerUpdate: Sendable, Hashable {
  package struct Property: Sendable, Hashable {
    package var name: String
    package var value: String
    package init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  package var phoneNumber: String
  package var firstName: String?
  package var lastName: String?
  package var email: String?
  package var pictureURL: String?
  /// `false` unsubscribes the customer; `true` subscribes them again.
  package var isSubscribed: Bool?
  /// An IANA time-zone name such as `America/Los_Angeles` (sent as `timezone`).
  package var timeZone: String?
  /// The email of the team member to assign the customer to (Make's "User Email", sent as `user_email`).
  package var userEmail: String?
  /// Sent as `zip_code` (Make's "ZIP Code").
  package var zipCode: String?
  /// Sent in this order as `properties[name]=value`.
  package var properties: [Property]

  package init(
    phoneNumber: String,
    firstName: String? = nil,
    lastName: String? = nil,
    email: String? = nil,
    pictureURL: String? = nil,
    isSubscribed: Bool? = nil,
    timeZone: String? = nil,
    userEmail: String? = nil,
    zipCode: String? = nil,
    properties: [Property] = []
  ) {
    self.phoneNumber = phoneNumber
    self.firstName = firstName
    self.lastName = lastName
    self.email = email
    self.pictureURL = pictureURL
    self.isSubscribed = isSubscribed
    self.timeZone = timeZone
    self.userEmail = userEmail
    self.zipCode = zipCode
    self.properties = properties
  }
}

/// The answer to `POST /customers`: the customer, and whether Sonar created it (201) or updated an
/// existing one (200).
package struct CustomerUpsertResult: Sendable, Hashable {
  package var customer: Customer
  package var wasCreated: Bool
}

/// How `DELETE /customers/properties` identifies the customer: by phone number or by email.
package enum CustomerReference: Sendable, Hashable {
  case phoneNumber(String)
  case email(String)
}

/// The answer to `DELETE /customers/properties`.
package struct PropertyDeletion: Sendable, Hashable {
  package var propertyName: String
  /// The value that was removed; nil when the customer had no such property.
  package var propertyValue: String?
  package var email: String?
  package var phoneNumber: String?
  package var wasDeleted: Bool
  package var json: JSONObject

  package init(json: JSONObject) {
    propertyName = json["property_name"]?.stringValue ?? ""
    propertyValue = json["property_value"]?.stringValue
    email = json["email"]?.stringValue
    phoneNumber = json["phone_number"]?.stringValue
    wasDeleted = json["deleted"]?.boolValue ?? false
    self.json = json
  }
}
