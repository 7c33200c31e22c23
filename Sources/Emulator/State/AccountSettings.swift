import Basics
import SonarAPI

/// Account-level switches: the states behind Sonar's 403 answers, trial caps and other options.
struct AccountSettings: Sendable {
  var isSubscriptionActive = true
  var isAPIEnabled = true
  /// `active`, `inactive` or `cancelled`.
  var companyStatus = "active"
  var trialCustomerLimit: Int?
  var trialMessageLimit: Int?
  /// Answer bad tokens on `POST /messages` and `POST /customers` with the 2014 text `Bad Token`.
  var usesLegacyTokenError = false
  /// `error` (400 `Duplicate message`) or `accept` (202 queued, but nothing is sent).
  var duplicateMode = "error"
  var companyName = "Sonar Emulator"
  /// The Sonar number customers text with (`assigned_phone_number`).
  var assignedPhoneNumber = "+17573780424"
  /// What `GET /phone_numbers/available` answers.
  var availableNumber = "7573780424"

  /// Applies the keys present in `object` (state file `account` or `POST /_emulator/account`).
  mutating func apply(_ object: JSONObject) throws(EmulatorInputError) {
    for entry in object.entries {
      let value = entry.value
      switch entry.key {
      case "subscription_active": isSubscriptionActive = try value.requireBool(entry.key)
      case "api_enabled": isAPIEnabled = try value.requireBool(entry.key)
      case "company_status":
        let status = try value.requireString(entry.key)
        guard ["active", "inactive", "cancelled"].contains(status) else {
          throw EmulatorInputError("company_status must be active, inactive or cancelled")
        }
        companyStatus = status
      case "trial_customer_limit": trialCustomerLimit = try value.optionalInt(entry.key)
      case "trial_message_limit": trialMessageLimit = try value.optionalInt(entry.key)
      case "legacy_token_error": usesLegacyTokenError = try value.requireBool(entry.key)
      case "duplicate_mode":
        let mode = try value.requireString(entry.key)
        guard ["error", "accept"].contains(mode) else {
          throw EmulatorInputError("duplicate_mode must be error or accept")
        }
        duplicateMode = mode
      case "company_name": companyName = try value.requireString(entry.key)
      case "assigned_phone_number": assignedPhoneNumber = try value.requireString(entry.key)
      case "available_number": availableNumber = try value.requireString(entry.key)
      default: throw EmulatorInputError("unknown account setting '\(entry.key)'")
      }
    }
  }

  var json: JSONValue {
    .object(
      JSONObject([
        ("subscription_active", .bool(isSubscriptionActive)),
        ("api_enabled", .bool(isAPIEnabled)),
        ("company_status", .string(companyStatus)),
        ("trial_customer_limit", trialCustomerLimit.map(JSONValue.int) ?? .null),
        ("trial_message_limit", trialMessageLimit.map(JSONValue.int) ?? .null),
        ("legacy_token_error", .bool(usesLegacyTokenError)),
        ("duplicate_mode", .string(duplicateMode)),
        ("company_name", .string(companyName)),
        ("assigned_phone_number", .string(assignedPhoneNumber)),
        ("available_number", .string(availableNumber)),
      ]))
  }
}

/// Bad input to the control API or the state file; shown to the caller as `{"error": message}`.
struct EmulatorInputError: Error, Sendable, CustomStringConvertible {
  var message: String
  init(_ message: String) { self.message = message }
  var description: String { message }
}

extension JSONValue {
  func requireBool(_ key: String) throws(EmulatorInputError) -> Bool {
    guard let flag = boolValue else { throw EmulatorInputError("\(key) must be true or false") }
    return flag
  }

  func requireString(_ key: String) throws(EmulatorInputError) -> String {
    guard let text = stringValue else { throw EmulatorInputError("\(key) must be a string") }
    return text
  }

  func optionalInt(_ key: String) throws(EmulatorInputError) -> Int? {
    if isNull { return nil }
    guard let number = stringValue.flatMap({ Int($0) }), number >= 0 else {
      throw EmulatorInputError("\(key) must be a non-negative integer or null")
    }
    return number
  }

  func optionalDouble(_ key: String) throws(EmulatorInputError) -> Double? {
    if isNull { return nil }
    guard let number = stringValue.flatMap({ Double($0) }) else {
      throw EmulatorInputError("\(key) must be a number")
    }
    return number
  }
}
