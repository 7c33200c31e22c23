import Foundation
import ModuleCatalogue
import ScenarioModel

/// The Sonar token must never leave Sonar's host, and never sit in a file: `sonar.apiCall` URLs are
/// relative, and no literal token header is written by hand.
struct SecretChecks: ValidationPass {
  private static let tokenHeaders: Set<String> = ["token", "x-token", "authorization", "x-publishable-key"]

  func check(_ context: ValidationContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for module in context.scenario.allModules where module.module.value == "sonar.apiCall" {
      if let url = module.map?.entry("url")?.value.scalar {
        diagnostics += checkRelative(url)
      }
      for header in module.map?["headers"]?.sequence?.items ?? [] {
        guard let key = header.mapping?["key"]?.scalar else { continue }
        if Self.tokenHeaders.contains(key.value.lowercased()) {
          diagnostics.append(
            Diagnostic(
              id: "secret.tokenHeader", location: key.location,
              message: "header '\(key.value)' would override the connection's Sonar token",
              fixHint: "Remove it: sonarflow adds the token from 'connection.tokenEnv' to every Sonar call."))
        }
      }
    }
    return diagnostics
  }

  private func checkRelative(_ url: YAMLScalar) -> [Diagnostic] {
    let text = url.value.trimmingCharacters(in: .whitespaces)
    let lowered = text.lowercased()
    let isAbsolute =
      lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("//")
      || (lowered.range(of: "^[a-z][a-z0-9+.-]*:", options: .regularExpression) != nil && !url.isTemplate)
    if isAbsolute {
      return [
        Diagnostic(
          id: "secret.absoluteURL", location: url.location,
          message: "'url' of sonar.apiCall must be relative to the Sonar API, not '\(text)'",
          fixHint:
            "Write a path such as /customers?phone_number=…; the Sonar token is only ever sent to the Sonar API host.")
      ]
    }
    if url.isTemplate, lowered.hasPrefix("{{") {
      return [
        Diagnostic(
          id: "secret.templateHost", severity: .warning, location: url.location,
          message: "'url' of sonar.apiCall starts with a template; an absolute URL there is refused at run time",
          fixHint: "Start the URL with a literal path such as /customers/ and map only the variable part.")
      ]
    }
    if text.split(separator: "/").contains("..") {
      return [
        Diagnostic(
          id: "secret.pathEscape", location: url.location, message: "'url' of sonar.apiCall must not contain '..'",
          fixHint: "Write the API path directly, such as /customers.")
      ]
    }
    return []
  }
}
