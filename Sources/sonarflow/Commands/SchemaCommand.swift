import ArgumentParser
import ScenarioTesting
import Validation

/// `sonarflow schema`: the JSON Schema of scenario files, for editors.
struct SchemaCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft 2020-12) of scenario files, or of test files with --tests.",
    discussion: """
      Save it next to your scenarios and start each file with
        # yaml-language-server: $schema=../sonarflow.schema.json
      so editors complete module names and fields and flag mistakes as you type. With --tests, the
      schema of scenario test files (*.test.yaml): save it as sonarflow-test.schema.json.
      """
  )

  @Flag(help: "The schema of scenario test files (*.test.yaml) instead of scenario files.")
  var tests = false

  func run() async throws {
    Output.write(tests ? TestFileSchema.generate() : SchemaGenerator().generate())
  }
}
