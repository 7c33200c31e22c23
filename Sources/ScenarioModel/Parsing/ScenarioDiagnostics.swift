/// Every structural message the scenario parser emits, in one place, sorted by name.
///
/// Each factory's name is its diagnostic id (`scenario.<name>`), so ids never drift from messages.
package enum ScenarioDiagnostics {
  private static func make(
    _ function: String, _ location: SourceLocation?, _ message: String, hint: String? = nil,
    severity: Severity = .error, notes: [Diagnostic.Note] = []
  ) -> Diagnostic {
    let name = function.prefix { $0 != "(" }
    return Diagnostic(
      id: "scenario.\(name)", severity: severity, location: location, message: message, fixHint: hint, notes: notes)
  }

  package static func duplicateID(_ id: Int, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
    make(
      #function, location, "duplicate module id \(id)",
      hint: "Module ids must be unique in the scenario; give this module an unused id.",
      notes: [Diagnostic.Note(location: first, message: "module \(id) is first defined here")])
  }

  package static func fallbackWithFilter(at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "a fallback route cannot have a filter",
      hint: "The fallback route runs only when no other route passed; remove its 'filter' or 'fallback: true'.")
  }

  package static func invalidCron(_ message: String, at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, message, hint: "Write five fields, for example \"*/5 * * * *\" for every five minutes.")
  }

  package static func invalidDuration(_ text: String, key: String, at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "'\(key)' must be a duration, not '\(text)'",
      hint: "Write a number with a unit: 500ms, 10s, 15m, 2h or 1d.")
  }

  package static func invalidID(_ text: String, at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "module id must be a positive integer, not \(text)",
      hint: "Number flow modules 2, 3, 4, …; the trigger is module 1.")
  }

  package static func literalToken(at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "a Sonar token must not be written in a scenario file",
      hint:
        "Remove it and set 'connection.tokenEnv' to the name of an environment variable holding the token (default SONAR_TOKEN)."
    )
  }

  package static func missingKey(
    _ key: String, in context: String, at location: SourceLocation, hint: String? = nil
  ) -> Diagnostic {
    make(
      #function, location, "missing required key '\(key)' in \(context)", hint: hint)
  }

  package static func multipleFallbacks(at location: SourceLocation, first: SourceLocation) -> Diagnostic {
    make(
      #function, location, "a router can have only one fallback route",
      hint: "Remove 'fallback: true' from all routes but one.",
      notes: [Diagnostic.Note(location: first, message: "the first fallback route is here")])
  }

  package static func reservedID(at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "module id 1 is reserved for the trigger",
      hint: "Number flow modules from 2; mapping refers to the trigger's output as {{1.field}}.")
  }

  package static func routesOutsideRouter(_ module: String, at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "'routes' is only allowed on 'flow.router', not on '\(module)'",
      hint: "Use a 'flow.router' module to split the flow, or remove 'routes'.")
  }

  package static func routerWithoutRoutes(at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "'flow.router' needs 'routes' with at least one route",
      hint: "Add 'routes:' with a list of routes, each with its own 'flow'.")
  }

  package static func unknownDirective(_ text: String, at location: SourceLocation) -> Diagnostic {
    let names = Directive.allCases.map(\.rawValue)
    return make(
      #function, location, "unknown error directive '\(text)'",
      hint: Suggestion.didYouMean(text, in: names) ?? "Use one of: \(names.joined(separator: ", ")).")
  }

  package static func unknownKey(
    _ key: String, in context: String, allowed: [String], at location: SourceLocation
  ) -> Diagnostic {
    make(
      #function, location, "unknown key '\(key)' in \(context)",
      hint: Suggestion.didYouMean(key, in: allowed) ?? "Allowed keys: \(allowed.joined(separator: ", ")).")
  }

  package static func intervalTooShort(at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "'interval' must be at least 1s",
      hint: "Make's shortest interval between attempts is one minute; sonarflow allows down to 1s, for tests.")
  }

  package static func unusedOption(
    _ key: String, directive: String, expected: String, at location: SourceLocation
  ) -> Diagnostic {
    make(
      #function, location, "'\(key)' has no effect with '\(directive)'",
      hint: "'\(key)' belongs to the '\(expected)' directive; remove it or change 'then'.")
  }

  package static func valueOutOfRange(
    _ key: String, value: Int, minimum: Int, at location: SourceLocation
  ) -> Diagnostic {
    make(
      #function, location, "'\(key)' must be at least \(minimum), not \(value)")
  }

  package static func wrongType(
    _ key: String, expected: String, found: String, at location: SourceLocation, hint: String? = nil
  ) -> Diagnostic {
    make(
      #function, location, "'\(key)' must be \(expected), not \(found)", hint: hint)
  }

  package static func unknownTimeZone(_ name: String, at location: SourceLocation) -> Diagnostic {
    make(
      #function, location, "unknown time zone '\(name)'",
      hint: "Use an IANA time zone name such as 'UTC', 'Europe/Prague' or 'America/New_York'.")
  }
}
