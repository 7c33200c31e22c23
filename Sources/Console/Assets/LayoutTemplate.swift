/// The page every console page extends: the head, the header with navigation and logout form (the
/// slot `header`, empty on the login page) and the slot `main`. `data-live` on the element that
/// server-sent events refresh is set by the pages.
enum LayoutTemplate {
  static let text = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}sonarflow console{{/title}}</title>
    <link rel="stylesheet" href="/console/assets/console.css">
    <script src="/console/assets/console.js" defer></script>
    </head>
    <body>
    {{$header}}
    <header class="top">
    <a class="brand" href="/console/executions">sonarflow</a>
    <nav>
    <a href="/console/executions">Executions</a>
    <a href="/console/incomplete">Incomplete</a>
    <a href="/console/scenarios">Scenarios</a>
    <a href="/console/compare">Compare</a>
    </nav>
    <form class="logout" method="post" action="/console/logout">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit">Log out</button>
    </form>
    </header>
    {{/header}}
    <main>
    {{$main}}{{/main}}
    </main>
    </body>
    </html>
    """
}
