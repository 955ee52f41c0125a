// Search latency of hrdex's query library, in process: the index is opened
// once, as a long-running front end would, and each class of query runs many
// times after a warm-up; p50, p90, p99 and max per class, in milliseconds.
// scripts/bench (bench_search) runs it and also times `hrdex-query search`
// and Xapian's `quest` as processes on the same queries, which
// --print-queries gives in both syntaxes. Not a test.
//
//   hrdex_bench_search --db INDEX [--queries FILE] [--runs N] [--warmup N]
//                      [--max-seconds S] [--classes a,b] [--per-query]
//                      [--agency ID] [--extract-state S] [--extract-seconds S]
//   hrdex_bench_search --print-queries [--queries FILE]
//
// Classes: free (free-text queries, 10 hits), filtered (filtered queries,
// 10 hits), faceted (filtered queries with facets), snippets (free-text
// queries, 50 hits with snippets), extract (the agency's extract in
// Markdown) and extract-state (the same for one State). Extracts run in a
// child process that is stopped after --extract-seconds.
//
// A queries file holds one query a line after its kind, `free` or
// `filtered` ("filtered torture state:MEX"); '#' starts a comment. Free
// queries make the free and snippets classes, filtered ones the filtered and
// faceted classes. Field values must be what the index stores (ids and ISO
// codes, not names or labels), so that the quest form means the same.
#include <CLI/CLI.hpp>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "query/extract_command.hpp"
#include "query/extract_writers.hpp"
#include "query/search.hpp"
#include "query/synonyms.hpp"

namespace fs = std::filesystem;
namespace query = hrdex::query;
namespace schema = hrdex::core::schema;
namespace prefix = hrdex::core::schema::prefix;

namespace {

enum class Kind { free, filtered };

struct BenchQuery {
  Kind kind;
  std::string text;
};

// Researchers' queries: words of the field, a phrase an acronym stands for,
// Boolean operators, a wildcard, proximity; filters on the State under
// review, years, themes, unit kind and recommending State. Every filter
// value here matches on an index of ../shared/corpus and on the scale index
// of scripts/gen-scale-docs (States of the UPR reports, 2008-2024).
const std::vector<BenchQuery>& builtin_queries() {
  static const std::vector<BenchQuery> queries = {
      {Kind::free, "torture"},
      {Kind::free, "\"national human rights institution\""},
      {Kind::free, "women AND violence"},
      {Kind::free, "ratif*"},
      {Kind::free, "death penalty moratorium"},
      {Kind::free, "freedom NEAR/5 expression"},
      {Kind::free, "(migrants OR refugees) detention"},
      {Kind::free, "indigenous peoples land"},
      {Kind::filtered, "torture state:MEX"},
      {Kind::filtered, "education year:2015..2020"},
      {Kind::filtered, "violence theme:women"},
      {Kind::filtered, "ratif* unit:recommendation year:2008..2012"},
      {Kind::filtered, "housing kind:upr-wg-report"},
      {Kind::filtered, "children by:FRA"},
      {Kind::filtered, "detention state:USA"},
      {Kind::filtered, "theme:death-penalty unit:recommendation"},
  };
  return queries;
}

// A class of query as a researcher meets it: which queries, how many hits,
// facets or not.
struct QueryClass {
  std::string_view name;
  Kind source;
  std::size_t limit;
  bool facets;
};
constexpr QueryClass kClasses[] = {
    {"free", Kind::free, 10, false},
    {"filtered", Kind::filtered, 10, false},
    {"faceted", Kind::filtered, 10, true},
    {"snippets", Kind::free, 50, false},
};

// hrdex fields and the term prefixes quest must be told of to read the same
// filters; "level" is not an hrdex field but the filter hrdex adds to every
// search (units only), which quest must be given explicitly.
struct QuestField {
  std::string_view field;
  std::string_view prefix;
};
constexpr QuestField kQuestFields[] = {
    {"kind", prefix::kDocKind},   {"unit", prefix::kUnitKind},  {"state", prefix::kState},
    {"by", prefix::kBy},          {"year", prefix::kYear},      {"lang", prefix::kLanguage},
    {"body", prefix::kBody},      {"response", prefix::kResponse}, {"session", prefix::kSession},
    {"cycle", prefix::kCycle},    {"theme", prefix::kTheme},    {"issue", prefix::kIssue},
    {"wg", prefix::kWorkingGroup}, {"agency", prefix::kAgency}, {"level", prefix::kLevel},
};

hrdex::core::Expected<std::vector<BenchQuery>> load_queries(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return hrdex::core::make_error(file.string(), "cannot open queries file");
  std::vector<BenchQuery> queries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view l = hrdex::core::trim(line);
    if (l.empty() || l.front() == '#') continue;
    const auto space = l.find(' ');
    const std::string_view kind = l.substr(0, space);
    const std::string_view text = space == std::string_view::npos ? std::string_view() : hrdex::core::trim(l.substr(space));
    if ((kind != "free" && kind != "filtered") || text.empty())
      return hrdex::core::make_error(file.string() + ":" + std::to_string(number),
                                     "expected 'free QUERY' or 'filtered QUERY'");
    queries.push_back({kind == "free" ? Kind::free : Kind::filtered, std::string(text)});
  }
  if (queries.empty()) return hrdex::core::make_error(file.string(), "no queries");
  return queries;
}

// The query's words, a quoted run kept whole ("a b" stays one word).
std::vector<std::string> split_words(std::string_view q) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  for (char c : q) {
    if (c == '"') quoted = !quoted;
    if (c == ' ' && !quoted) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The same query for quest: field values lower-cased as the index stores
// them (hrdex lowers them itself), a year range as the OR of its years
// (quest has no range processor; Xapian ORs filters of one prefix), and the
// units-only filter hrdex adds. Error for what quest cannot say.
hrdex::core::Expected<std::string> quest_query(const std::string& q) {
  std::string out;
  for (const std::string& word : split_words(q)) {
    std::string w = word;
    const auto colon = word.find(':');
    const std::string field = colon == std::string::npos ? std::string() : word.substr(0, colon);
    const bool known = std::any_of(std::begin(kQuestFields), std::end(kQuestFields),
                                   [&](const QuestField& f) { return f.field == field; });
    if (known) {
      const std::string value = hrdex::core::ascii_lower(word.substr(colon + 1));
      const auto dots = value.find("..");
      if (field == "year" && dots != std::string::npos) {
        const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
        if (from.size() != 4 || to.size() != 4)
          return hrdex::core::make_error("query", "'" + q + "': quest needs both ends of a year range");
        w.clear();
        for (int y = std::stoi(from); y <= std::stoi(to); ++y) w += (w.empty() ? "" : " ") + ("year:" + std::to_string(y));
      } else {
        w = field + ":" + value;
      }
    }
    out += (out.empty() ? "" : " ") + w;
  }
  return out + " level:" + std::string(schema::kLevelUnit);
}

// quest's options for a class: hrdex's parser settings (AND by default,
// phrases, Booleans, +/-, wildcards, pure NOT), its page size, and the
// boolean prefixes of every field.
std::string quest_options(const QueryClass& c) {
  std::string o = "-m " + std::to_string(c.limit) + " -o and -f default,wildcard,pure_not";
  for (const QuestField& f : kQuestFields) o += " -b " + std::string(f.field) + ":" + std::string(f.prefix);
  return o;
}

std::string hrdex_options(const QueryClass& c) {
  return "--limit " + std::to_string(c.limit) + (c.facets ? " --facets" : "");
}

// One line per class and query: class, hrdex-query search options, quest
// options, the hrdex query, the quest query; tab-separated.
int print_queries(const std::vector<BenchQuery>& queries) {
  for (const QueryClass& c : kClasses)
    for (const BenchQuery& q : queries) {
      if (q.kind != c.source) continue;
      auto quest = quest_query(q.text);
      if (!quest) {
        std::cerr << "hrdex_bench_search: " << quest.error().message() << '\n';
        return 2;
      }
      std::cout << c.name << '\t' << hrdex_options(c) << '\t' << quest_options(c) << '\t' << q.text << '\t' << *quest
                << '\n';
    }
  return 0;
}

// Latencies in ms; nearest-rank percentiles.
struct Samples {
  std::vector<double> ms;
  double percentile(double p) const {
    if (ms.empty()) return 0;
    std::vector<double> s = ms;
    std::sort(s.begin(), s.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(s.size())));
    return s[std::max<std::size_t>(rank, 1) - 1];
  }
};

struct Options {
  fs::path db;                // the first --db
  std::vector<fs::path> dbs;  // every --db: shards searched as one
  fs::path queries;
  int runs = 20;
  int warmup = 2;
  double max_seconds = 30;
  std::string agency = "doj";
  std::string extract_state = "USA";  // also time the agency's extract for this State alone
  double extract_seconds = 300;       // an extract class that takes longer is stopped
  std::vector<std::string> classes;  // empty: all
  bool per_query = false;
  bool print = false;
};

struct ClassResult {
  std::string name;
  std::size_t queries = 0;
  Samples all;
  unsigned long long matches = 0;  // summed over the class's queries (extract: recommendations)
  bool timed_out = false;          // an extract that did not finish within --extract-seconds
};

template <class F>
double time_ms(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Runs `one(i)` for each of `n` items, `warmup` rounds untimed then up to
// `runs` timed rounds, stopping after `max_seconds` once a round is done.
template <class F>
std::vector<Samples> measure(std::size_t n, const Options& o, F&& one) {
  for (int w = 0; w < o.warmup; ++w)
    for (std::size_t i = 0; i < n; ++i) one(i);
  std::vector<Samples> per_item(n);
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < o.runs; ++r) {
    for (std::size_t i = 0; i < n; ++i) per_item[i].ms.push_back(time_ms([&] { one(i); }));
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > o.max_seconds) break;
  }
  return per_item;
}

void print_per_query(std::string_view cls, const std::string& text, const Samples& s, unsigned long long matches) {
  std::printf("  %-13s p50 %9.2f ms  max %9.2f ms  %9llu matches  %s\n", std::string(cls).c_str(), s.percentile(50),
              s.percentile(100), matches, text.c_str());
}

ClassResult run_search_class(query::Searcher& searcher, const QueryClass& c, const std::vector<BenchQuery>& all,
                             const Options& o) {
  std::vector<const BenchQuery*> qs;
  for (const BenchQuery& q : all)
    if (q.kind == c.source) qs.push_back(&q);
  std::vector<unsigned long long> matches(qs.size());
  auto per_query = measure(qs.size(), o, [&](std::size_t i) {
    query::SearchRequest request;
    request.query = qs[i]->text;
    request.limit = c.limit;
    request.facets = c.facets;
    auto result = searcher.search(request);
    if (!result) throw std::runtime_error(result.error().message());
    matches[i] = result->total;
  });
  ClassResult r{std::string(c.name), qs.size(), {}, 0};
  for (std::size_t i = 0; i < qs.size(); ++i) {
    r.all.ms.insert(r.all.ms.end(), per_query[i].ms.begin(), per_query[i].ms.end());
    r.matches += matches[i];
    if (o.per_query) print_per_query(c.name, qs[i]->text, per_query[i], matches[i]);
  }
  return r;
}

// Runs `work` in a child process, which writes its result to the pipe it is
// given; the text read back, or nothing when it has not finished within
// `seconds` (the child is then killed). An extract cannot be interrupted
// once started, and on a large index one can take hours: the benchmark must
// still end, and say so.
constexpr std::string_view kChildError = "error: ";

std::optional<std::string> in_child_with_limit(double seconds, const std::function<void(int fd)>& work) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);  // or the child would print the parent's buffered output again
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // The child only reports: an exception must not unwind into the
    // parent's code, which the child shares.
    close(fds[0]);
    try {
      work(fds[1]);
    } catch (const std::exception& e) {
      const std::string message = std::string(kChildError) + e.what();
      if (write(fds[1], message.data(), message.size()) < 0) _exit(2);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  bool done = false;
  while (!done) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fds[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) == 0) break;
    char buf[4096];
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
    else done = n == 0 || errno != EINTR;
  }
  close(fds[0]);
  if (!done) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!done) return std::nullopt;
  if (out.rfind(kChildError, 0) == 0) throw std::runtime_error(out.substr(kChildError.size()));
  return out;
}

// One agency's extract (optionally for one State), built and written as
// Markdown, as `hrdex-query extract --agency ID [--state S]` does; each run's
// ms and the number of recommendations come back from the child process.
ClassResult run_extract_class(query::Searcher& searcher, const Options& o, const std::string& name,
                              const std::string& state) {
  query::ExtractOptions e;
  e.dbs = {o.db};
  e.agency = o.agency;
  e.state = state;
  e.format = "markdown";
  e.command_line = "hrdex-query extract --db " + o.db.string() + " --agency " + o.agency +
                   (state.empty() ? "" : " --state " + state);
  // One warm-up at most: an extract reads every match, so the first run
  // already warms the caches the others would.
  Options once = o;
  once.warmup = std::min(o.warmup, 1);
  auto out = in_child_with_limit(o.extract_seconds, [&](int fd) {
    std::size_t units = 0;
    auto per_run = measure(1, once, [&](std::size_t) {
      auto extract = query::make_extract(searcher, e);
      if (!extract) throw std::runtime_error(extract.error().message());
      std::ostringstream text;
      query::write_extract(*extract, e.format, text);
      units = extract->units;
    });
    std::string reply = std::to_string(units);
    for (double ms : per_run.front().ms) reply += " " + std::to_string(ms);
    if (write(fd, reply.data(), reply.size()) < 0) _exit(1);
  });
  ClassResult r{name, 1, {}, 0};
  const std::string what = "--agency " + o.agency + (state.empty() ? "" : " --state " + state) + " (markdown)";
  if (!out || out->empty()) {
    r.timed_out = true;
    if (o.per_query) std::printf("  %-13s did not finish within %.0f s  %s\n", name.c_str(), o.extract_seconds, what.c_str());
    return r;
  }
  std::istringstream in(*out);
  in >> r.matches;
  for (double ms; in >> ms;) r.all.ms.push_back(ms);
  if (o.per_query) print_per_query(name, what, r.all, r.matches);
  return r;
}

hrdex::core::Expected<query::Searcher> open_searcher(const std::vector<fs::path>& dbs) {
  auto searcher = query::Searcher::open(dbs);
  if (!searcher) return searcher.error();
  // As hrdex-query does by default: the shipped synonyms.
  auto table = query::load_synonym_files({}, false);
  if (!table) return table.error();
  searcher->set_synonyms(std::move(*table));
  return searcher;
}

int run(const Options& o) {
  std::vector<BenchQuery> queries = builtin_queries();
  if (!o.queries.empty()) {
    auto loaded = load_queries(o.queries);
    if (!loaded) {
      std::cerr << "hrdex_bench_search: " << loaded.error().message() << '\n';
      return 2;
    }
    queries = std::move(*loaded);
  }
  if (o.print) return print_queries(queries);

  auto searcher = open_searcher(o.dbs);
  if (!searcher) {
    std::cerr << "hrdex_bench_search: " << searcher.error().message() << '\n';
    return 2;
  }
  const Xapian::Database& db = searcher->database();
  const auto units = db.get_termfreq(schema::boolean_term(prefix::kLevel, schema::kLevelUnit));
  const auto documents = db.get_termfreq(schema::boolean_term(prefix::kLevel, schema::kLevelDocument));
  std::printf("index %s: %u units, %u documents; %d timed runs per query after %d warm-up (at most %.0f s a class)\n",
              o.db.string().c_str(), units, documents, o.runs, o.warmup, o.max_seconds);

  auto wanted = [&](std::string_view name) {
    return o.classes.empty() || std::find(o.classes.begin(), o.classes.end(), name) != o.classes.end();
  };
  std::vector<ClassResult> results;
  for (const QueryClass& c : kClasses)
    if (wanted(c.name)) results.push_back(run_search_class(*searcher, c, queries, o));
  if (wanted("extract")) results.push_back(run_extract_class(*searcher, o, "extract", ""));
  if (wanted("extract-state") && !o.extract_state.empty())
    results.push_back(run_extract_class(*searcher, o, "extract-state", o.extract_state));

  std::printf("%-13s %7s %6s %9s %9s %9s %9s %10s\n", "class", "queries", "runs", "p50 ms", "p90 ms", "p99 ms", "max ms",
              "matches");
  for (const ClassResult& r : results) {
    if (r.timed_out)
      std::printf("%-13s %7zu  did not finish within %.0f s (--extract-seconds)\n", r.name.c_str(), r.queries,
                  o.extract_seconds);
    else
      std::printf("%-13s %7zu %6zu %9.2f %9.2f %9.2f %9.2f %10llu\n", r.name.c_str(), r.queries, r.all.ms.size(),
                  r.all.percentile(50), r.all.percentile(90), r.all.percentile(99), r.all.percentile(100), r.matches);
  }
  // The same figures for scripts: one line per class, key=value.
  for (const ClassResult& r : results) {
    if (r.timed_out)
      std::printf("bench_search class=%s status=timeout limit_s=%.0f units=%u\n", r.name.c_str(), o.extract_seconds, units);
    else
      std::printf("bench_search class=%s status=ok queries=%zu runs=%zu p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
                  "matches=%llu units=%u\n",
                  r.name.c_str(), r.queries, r.all.ms.size(), r.all.percentile(50), r.all.percentile(90),
                  r.all.percentile(99), r.all.percentile(100), r.matches, units);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hrdex_bench_search: search latency of the hrdex query library, in process", "hrdex_bench_search"};
  Options o;
  app.add_option("--db", o.dbs, "Index folder; repeat for shards searched as one, or a stub file")->allow_extra_args(false);
  app.add_option("--queries", o.queries, "Queries file ('free QUERY' or 'filtered QUERY' a line); default: built in");
  app.add_option("--runs", o.runs, "Timed runs of each query")->check(CLI::Range(1, 100000));
  app.add_option("--warmup", o.warmup, "Untimed runs of each query first")->check(CLI::Range(0, 1000));
  app.add_option("--max-seconds", o.max_seconds, "Stop a class's runs after this long (once a round is done)");
  app.add_option("--agency", o.agency, "Agency of the timed extracts (default doj)");
  app.add_option("--extract-state", o.extract_state, "State of the second extract, --agency ID --state S (default USA; "
                                                     "empty: none)");
  app.add_option("--extract-seconds", o.extract_seconds, "Stop an extract class (warm-up and runs) after this long "
                                                         "(default 300)");
  app.add_option("--classes", o.classes, "Classes to run (default all): free, filtered, faceted, snippets, extract, "
                                              "extract-state")
      ->delimiter(',')
      ->check(CLI::IsMember({"free", "filtered", "faceted", "snippets", "extract", "extract-state"}));
  app.add_flag("--per-query", o.per_query, "Also print p50 and max per query");
  app.add_flag("--print-queries", o.print, "Print class, hrdex-query options, quest options, hrdex and quest query, "
                                           "tab-separated, and exit");
  try {
    app.parse(argc, argv);
    if (!o.print && o.dbs.empty()) throw CLI::RequiredError("--db");
    if (!o.dbs.empty()) o.db = o.dbs.front();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::cerr << "hrdex_bench_search: error: " << e.what() << '\n';
    return 2;
  }
}
