// Throughput of compiled mapping templates against hand-written Swift doing the same work.
// Run through Benchmarks/expressions/run.sh (release build), which also runs the Jinja2 baseline.
import Expressions
import Foundation

let bundleCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000

let fields: [(String, String)] = [
  ("phoneNumber", "{{1.phone_number}}"),
  ("text", "Hi {{ifempty(2.first_name; \"there\")}}, welcome to {{upper(1.company)}}!"),
  ("tagNames", "{{join(map(2.tags; \"name\"); \", \")}}"),
  ("count", "{{length(1.items) * 2}}"),
  ("note", "{{substring(trim(1.note); 0; 20)}}"),
]

func makeBundles() -> [(Value, Value)] {
  (0..<bundleCount).map { index in
    let first = try? Value(
      jsonText: """
        {"phone_number":"+1555\(1_000_000 + index % 1_000_000)","company":"acme","items":[1,2,3],"note":"  hello world, this is a note  "}
        """)
    let second = try? Value(jsonText: #"{"first_name":"","tags":[{"name":"vip"},{"name":"new"}]}"#)
    return (first ?? .null, second ?? .null)
  }
}

func measure(_ label: String, _ body: () throws -> Int) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  let checksum = try body()
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  let rate = Double(bundleCount) / seconds
  FileHandle.standardError.write(Data("\(label): \(String(format: "%.3f", seconds)) s, checksum \(checksum)\n".utf8))
  return rate
}

let bundles = makeBundles()
let templates = fields.map { Template.compile($0.1) }
for (template, field) in zip(templates, fields) where template.analysis.hasErrors {
  fatalError("benchmark template \(field.0) does not compile: \(template.analysis.diagnostics)")
}

// sonarflow: compiled templates.
func runCompiled(_ bundles: [(Value, Value)], _ templates: [Template]) throws -> Int {
  var context = EvaluationContext()
  var checksum = 0
  for (first, second) in bundles {
    context.setOutput(first, ofModule: 1)
    context.setOutput(second, ofModule: 2)
    for template in templates {
      if case .text(let text) = try template.evaluate(in: context) {
        checksum &+= text.utf8.count
      } else {
        checksum &+= 1
      }
    }
  }
  return checksum
}
let compiledRate = try measure("sonarflow") { try runCompiled(bundles, templates) }

// Hand-written Swift over the same bundles.
func field(_ value: Value, _ key: String) -> Value {
  if case .collection(let dictionary) = value { return dictionary[key] ?? .null }
  return .null
}

func isSpace(_ scalar: Unicode.Scalar) -> Bool {
  scalar.value < 0x80 ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
}

func trimmed(_ text: String) -> Substring {
  let scalars = text.unicodeScalars
  guard let first = scalars.firstIndex(where: { !isSpace($0) }),
    let last = scalars.lastIndex(where: { !isSpace($0) })
  else { return "" }
  return Substring(scalars[first...last])
}

func runHandWritten(_ bundles: [(Value, Value)]) -> Int {
  var checksum = 0
  for (first, second) in bundles {
    var outputs: [Value] = []
    outputs.reserveCapacity(5)
    outputs.append(field(first, "phone_number"))
    var name = ""
    if case .text(let text) = field(second, "first_name") { name = text }
    var company = ""
    if case .text(let text) = field(first, "company") { company = text }
    outputs.append(.text("Hi " + (name.isEmpty ? "there" : name) + ", welcome to " + company.uppercased() + "!"))
    var names: [String] = []
    if case .array(let tags) = field(second, "tags") {
      for tag in tags { if case .text(let text) = field(tag, "name") { names.append(text) } }
    }
    outputs.append(.text(names.joined(separator: ", ")))
    var count = 0
    if case .array(let items) = field(first, "items") { count = items.count }
    outputs.append(.number(Double(count * 2)))
    var note = ""
    if case .text(let text) = field(first, "note") { note = String(trimmed(text).prefix(20)) }
    outputs.append(.text(note))
    for output in outputs {
      if case .text(let text) = output { checksum &+= text.utf8.count } else { checksum &+= 1 }
    }
  }
  return checksum
}
let handRate = measure("hand-written") { runHandWritten(bundles) }

// One line of machine-readable output for run.sh.
print(String(format: "sonarflow %.0f\nhandwritten %.0f", compiledRate, handRate))
