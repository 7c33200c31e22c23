import ArgumentParser
import Validation

/// `sonarflow schema`: the JSON Schema of scenario files, for editors.
struct SchemaCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft 2020-12) of scenario files.",
    discussion: """
      Save it next to your scenarios and start each file with
        # yaml-language-server: $schema=../sonarflow.schema.json
      so editors complete module names and fields and flag mistakes as you type.
      """
  )

  func run() async throws {
    Output.write(SchemaGenerator().generate())
  }
}
