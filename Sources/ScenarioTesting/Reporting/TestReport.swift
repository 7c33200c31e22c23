import Basics
import Foundation
import ScenarioModel

/// The results of a `sonarflow test` run: per test file, its cases' results.
package struct TestReport: Sendable {
  package struct FileResult: Sendable {
    package var path: String
    package var scenarioPath: String
    package var cases: [CaseResult]

    package init(path: String, scenarioPath: String, cases: [CaseResult]) {
      self.path = path
      self.scenarioPath = scenarioPath
      self.cases = cases
    }
  }

  package var files: [FileResult]
  /// Per scenario, what the cases exercised (with `--coverage`).
  package var coverage: [ScenarioCoverage]

  package init(files: [FileResult], coverage: [ScenarioCoverage] = []) {
    self.files = files
    self.coverage = coverage
  }

  package var passed: Int { files.reduce(0) { $0 + $1.cases.filter(\.passed).count } }
  package var failed: Int { files.reduce(0) { $0 + $1.cases.filter { !$0.passed }.count } }

  /// The formats `--format` takes.
  package enum Format: String, Sendable, CaseIterable {
    case human, json, junit, github, tap
  }

  package func render(_ format: Format) -> String {
    switch format {
    case .human: human()
    case .json: json()
    case .junit: junit()
    case .github: github()
    case .tap: tap()
    }
  }

  /// `✔ file › case`, and under a failed case each missed expectation with its place.
  func human() -> String {
    // Names, messages and values come from test files and bundles: escaped for the terminal.
    func safe(_ text: String) -> String { TextEscaping.escape(text) }
    func json(_ text: String) -> String { TextEscaping.escape(text, backslashes: .kept) }
    var out = ""
    for file in files {
      for result in file.cases {
        out +=
          "\(result.passed ? "✔" : "✘") \(safe(file.path)) › \(safe(result.testCase.name)) (\(Self.milliseconds(result.duration)) ms)\n"
        for failure in result.failures {
          out += "    \(safe(failure.location.description)): \(safe(failure.message))\n"
          if let expected = failure.expected { out += "      expected: \(json(expected))\n" }
          if let actual = failure.actual { out += "      actual:   \(json(actual))\n" }
        }
      }
    }
    for scenario in coverage {
      out +=
        "coverage \(scenario.scenarioPath): \(scenario.taken) of \(scenario.items.count) (\(Self.percent(scenario)))\n"
      for item in scenario.missed { out += "    never taken: \(item.description) (\(item.location))\n" }
    }
    out += "\(passed) passed, \(failed) failed\n"
    return out
  }

  package static func percent(_ coverage: ScenarioCoverage) -> String { String(format: "%.1f %%", coverage.percent) }

  func json() -> String {
    var writer = JSONWriter(pretty: true)
    writer.beginObject()
    writer.key("passed")
    writer.int(passed)
    writer.key("failed")
    writer.int(failed)
    if !coverage.isEmpty {
      writer.key("coverage")
      writer.array(coverage) { scenario, writer in
        writer.beginObject()
        writer.key("scenario")
        writer.string(scenario.scenarioPath)
        writer.key("taken")
        writer.int(scenario.taken)
        writer.key("total")
        writer.int(scenario.items.count)
        writer.key("percent")
        writer.number(scenario.percent)
        writer.key("neverTaken")
        writer.array(scenario.missed) { item, writer in
          writer.beginObject()
          writer.key("item")
          writer.string(item.description)
          writer.key("location")
          writer.string(item.location.description)
          writer.endObject()
        }
        writer.endObject()
      }
    }
    writer.key("files")
    writer.array(files) { file, writer in
      writer.beginObject()
      writer.key("path")
      writer.string(file.path)
      writer.key("scenario")
      writer.string(file.scenarioPath)
      writer.key("cases")
      writer.array(file.cases) { result, writer in
        writer.beginObject()
        writer.key("name")
        writer.string(result.testCase.name)
        writer.key("location")
        writer.string(result.testCase.location.description)
        writer.key("passed")
        writer.bool(result.passed)
        writer.key("status")
        if let status = result.result?.status { writer.string(status.rawValue) } else { writer.null() }
        writer.key("milliseconds")
        writer.int(Self.milliseconds(result.duration))
        writer.key("failures")
        writer.array(result.failures) { failure, writer in
          writer.beginObject()
          writer.key("location")
          writer.string(failure.location.description)
          writer.key("message")
          writer.string(failure.message)
          writer.key("expected")
          if let expected = failure.expected { writer.string(expected) } else { writer.null() }
          writer.key("actual")
          if let actual = failure.actual { writer.string(actual) } else { writer.null() }
          writer.endObject()
        }
        writer.endObject()
      }
      writer.endObject()
    }
    writer.endObject()
    return writer.text + "\n"
  }

  /// JUnit XML, as GitLab, Jenkins and most CI servers read it: a suite per test file.
  func junit() -> String {
    var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    out += #"<testsuites name="sonarflow" tests="\#(passed + failed)" failures="\#(failed)">"# + "\n"
    for file in files {
      let failures = file.cases.filter { !$0.passed }.count
      let seconds = file.cases.reduce(Duration.zero) { $0 + $1.duration }
      out +=
        #"  <testsuite name="\#(Self.xml(file.path))" tests="\#(file.cases.count)" failures="\#(failures)" time="\#(Self.seconds(seconds))">"#
        + "\n"
      for result in file.cases {
        out +=
          #"    <testcase name="\#(Self.xml(result.testCase.name))" classname="\#(Self.xml(file.scenarioPath))" time="\#(Self.seconds(result.duration))""#
        if result.passed {
          out += "/>\n"
          continue
        }
        out += ">\n"
        for failure in result.failures {
          out +=
            #"      <failure message="\#(Self.xml(failure.message))">\#(Self.xml(Self.text(of: failure)))</failure>"#
            + "\n"
        }
        out += "    </testcase>\n"
      }
      out += "  </testsuite>\n"
    }
    out += "</testsuites>\n"
    return out
  }

  /// GitHub Actions workflow commands: an error annotation at each missed expectation.
  func github() -> String {
    var out = ""
    for file in files {
      for result in file.cases {
        for failure in result.failures {
          let location = failure.location
          out +=
            "::error file=\(Self.githubProperty(location.file)),line=\(location.line),col=\(location.column),"
            + "title=\(Self.githubProperty(result.testCase.name))::\(Self.githubData(Self.text(of: failure)))\n"
        }
      }
    }
    out += "\(passed) passed, \(failed) failed\n"
    return out
  }

  /// The Test Anything Protocol, version 13.
  func tap() -> String {
    let all = files.flatMap { file in file.cases.map { (file, $0) } }
    var out = "TAP version 13\n1..\(all.count)\n"
    for (number, (file, result)) in all.enumerated() {
      out +=
        "\(result.passed ? "ok" : "not ok") \(number + 1) - \(Self.tapText(file.path)) › \(Self.tapText(result.testCase.name))\n"
      guard !result.passed else { continue }
      out += "  ---\n  failures:\n"
      for failure in result.failures {
        out += "    - at: \(Self.jsonString(failure.location.description))\n"
        out += "      message: \(Self.jsonString(failure.message))\n"
        if let expected = failure.expected { out += "      expected: \(Self.jsonString(expected))\n" }
        if let actual = failure.actual { out += "      actual: \(Self.jsonString(actual))\n" }
      }
      out += "  ...\n"
    }
    return out
  }

  static func text(of failure: CaseFailure) -> String {
    var text = "\(failure.location): \(failure.message)"
    if let expected = failure.expected { text += "\nexpected: \(expected)" }
    if let actual = failure.actual { text += "\nactual:   \(actual)" }
    return text
  }

  static func milliseconds(_ duration: Duration) -> Int { Int(duration.wholeMilliseconds) }

  static func seconds(_ duration: Duration) -> String { String(format: "%.3f", duration.seconds) }

  static func xml(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n", "\t": out += "&#\(scalar.value);"
      case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): out += "\u{FFFD}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A YAML-safe one-line string for TAP's diagnostic block.
  static func jsonString(_ text: String) -> String { "\"" + JSONEscaping.escape(text) + "\"" }

  static func tapText(_ text: String) -> String {
    text.replacingOccurrences(of: "#", with: "\\#").replacingOccurrences(of: "\n", with: " ")
  }

  static func githubData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  static func githubProperty(_ text: String) -> String {
    githubData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }
}
