#!/usr/bin/env Rscript
# Check the CSV tables of `dateline run` as an R (readr) user would read them.
#
# Usage: Rscript check_outputs.R OUTDIR [--schema FILE] [--sample DIR]
#
# - Reads every CSV listed in OUTDIR/manifest.json (jsonlite) with readr's own type guessing
#   (what a user gets with `read_csv(path)`), and again with the column types of the manifest.
# - Checks: `date` columns parse as Date; `int64` columns are whole numbers without NA unless the
#   schema says nullable; `float64` columns are double; `str` columns are character; no parse
#   problems; row counts equal the manifest's.
# - Recomputes a few values independently from the sample page copies (data/sample/*.txt) with
#   base R regexes and from the formulas in docs/formulas.md, and compares them with the tables.
#
# Prints one line per failure, then "N passed, M failed"; exits 1 when anything failed.

suppressPackageStartupMessages({
  library(readr)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
repo <- normalizePath(file.path(dirname(script), "..", ".."))
opt <- function(name, default) {
  i <- match(name, args)
  if (is.na(i)) default else args[i + 1]
}
positional <- args[!args %in% c("--schema", "--sample") &
  !seq_along(args) %in% (match(c("--schema", "--sample"), args) + 1)]
if (length(positional) != 1) {
  message("usage: check_outputs.R OUTDIR [--schema FILE] [--sample DIR]")
  quit(status = 2)
}
outdir <- positional[1]
schema_path <- opt("--schema", file.path(repo, "docs", "tables.md"))
sample_dir <- opt("--sample", file.path(repo, "data", "sample"))
if (!file.exists(file.path(outdir, "manifest.json"))) {
  message(sprintf("error: no manifest.json in `%s` (run `dateline run` first)", outdir))
  quit(status = 2)
}

passed <- 0L
failed <- 0L
warned <- 0L
check <- function(cond, what, detail = "") {
  if (isTRUE(cond)) {
    passed <<- passed + 1L
  } else {
    failed <<- failed + 1L
    if (nchar(detail) > 400) detail <- paste(substr(detail, 1, 400), "...")
    cat("FAIL ", what, if (nzchar(detail)) paste0(": ", detail) else "", "\n", sep = "")
  }
  invisible(isTRUE(cond))
}
show <- function(x) paste(deparse(x, width.cutoff = 500L), collapse = " ")
check_equal <- function(got, want, what) {
  check(identical(got, want), what, sprintf("got %s, expected %s", show(got), show(want)))
}

# ------------------------------------------------------------------ schema (nullable columns)

load_schema <- function(path) {
  lines <- readLines(path, encoding = "UTF-8", warn = FALSE)
  out <- list()
  current <- NULL
  if (length(lines) && startsWith(lines[1], "# Output tables")) {
    for (l in lines) {
      m <- regmatches(l, regexec("^## `([a-z0-9_]+)`", l))[[1]]
      if (length(m)) {
        current <- m[2]
        out[[current]] <- list()
        next
      }
      m <- regmatches(l, regexec("^\\| `([a-z0-9_]+)` \\| (\\w+) \\| (yes|no) \\|", l))[[1]]
      if (length(m) && !is.null(current)) out[[current]][[m[2]]] <- m[4] == "yes"
    }
  } else {
    for (l in lines[nzchar(trimws(lines))]) {
      if (!startsWith(l, " ")) {
        current <- trimws(sub(":.*$", "", l))
        out[[current]] <- list()
      } else if (!is.null(current)) {
        parts <- strsplit(trimws(l), "\\s+")[[1]]
        out[[current]][[parts[1]]] <- "nullable" %in% parts[-(1:2)]
      }
    }
  }
  if (!length(out)) stop(sprintf("no table schemas found in `%s`", path))
  out
}
schemas <- load_schema(schema_path)
schema_for <- function(table) {
  if (!is.null(schemas[[table]])) return(schemas[[table]])
  for (name in names(schemas)[order(-nchar(names(schemas)))]) {
    if (startsWith(table, paste0(name, "_"))) return(schemas[[name]])
  }
  NULL
}

# ------------------------------------------------------------------ tables

manifest <- fromJSON(file.path(outdir, "manifest.json"), simplifyVector = FALSE)
outputs <- Filter(function(o) o$format == "csv", manifest$outputs)
check(length(outputs) > 0, "manifest.json lists CSV outputs")
explicit <- c(date = "D", int64 = "d", float64 = "d", str = "c", bool = "l")
tables <- list()
for (o in outputs) {
  path <- file.path(outdir, o$path)
  where <- o$path
  if (!check(file.exists(path), sprintf("%s: listed in manifest.json but missing", where))) next
  cols <- vapply(o$columns, function(c) c[[1]], "")
  types <- vapply(o$columns, function(c) c[[2]], "")
  schema <- schema_for(o$table)
  check(!is.null(schema), sprintf("%s: no documented schema for table `%s`", where, o$table))
  nullable <- vapply(cols, function(c) isTRUE(schema[[c]]) || is.null(schema), TRUE)

  # 1. What `read_csv(path)` gives (an empty field is NA; "NA" stays text).
  guessed <- read_csv(path, na = "", show_col_types = FALSE, progress = FALSE,
                      guess_max = 1e6)
  check_equal(nrow(problems(guessed)), 0L, sprintf("%s: parse problems (guessed types)", where))
  check_equal(nrow(guessed), as.integer(o$rows), sprintf("%s: rows vs manifest", where))
  check_equal(names(guessed), cols, sprintf("%s: column names", where))
  for (i in seq_along(cols)) {
    v <- guessed[[cols[i]]]
    if (is.null(v)) next
    what <- sprintf("%s: column `%s` (%s%s)", where, cols[i], types[i],
                    if (nullable[i]) ", nullable" else "")
    all_na <- length(v) > 0 && all(is.na(v))
    if (all_na && (nullable[i] || types[i] == "str")) {
      # Every field empty: readr cannot know the type (it guesses logical). For a non-nullable
      # text column an empty field is an empty string, which CSV cannot tell from null.
      if (!nullable[i]) {
        warned <- warned + 1L
        cat(sprintf("WARN %s: every field is empty, read as NA (logical); in Parquet they are \"\"\n",
                    what))
      }
      passed <- passed + 1L
      next
    }
    ok <- switch(types[i],
      date = inherits(v, "Date"),
      int64 = is.numeric(v) && all(is.na(v) | v == round(v)),
      float64 = is.double(v),
      str = is.character(v),
      bool = is.logical(v),
      FALSE
    )
    if (ok && !nullable[i] && types[i] == "str" && anyNA(v)) {
      # An empty string in a non-nullable text column (a concordance line at the end of a
      # document has no right context) is an empty field, which `na = ""` reads as NA. Read
      # that column again with no NA strings: every such field must be "" there.
      raw <- read_csv(path, col_types = cols(.default = col_character()), na = character(),
                      progress = FALSE)[[cols[i]]]
      if (!check(all(raw[is.na(v)] == ""), what, "an NA that is not an empty field")) next
      warned <- warned + 1L
      cat(sprintf("WARN %s: %d empty fields read as NA; they are \"\" (read with na = character())\n",
                  what, sum(is.na(v))))
      next
    }
    if (ok && !nullable[i] && anyNA(v)) {
      check(FALSE, what, sprintf("%d NA values in a non-nullable column", sum(is.na(v))))
      next
    }
    check(ok, what, sprintf("readr guessed class `%s`", paste(class(v), collapse = "/")))
  }

  # 2. With the manifest's types: every field must parse.
  spec <- paste(explicit[types], collapse = "")
  typed <- read_csv(path, col_types = spec, na = "", progress = FALSE)
  p <- problems(typed)
  check_equal(nrow(p), 0L, sprintf("%s: parse problems with the manifest's column types", where))
  tables[[o$table]] <- typed
}

# ------------------------------------------------------------------ independent values

months_re <- paste(month.name, collapse = "|")
parse_page <- function(path) {
  lines <- readLines(path, encoding = "UTF-8", warn = FALSE)
  i <- grep("^Date: ", lines)[1]
  before <- trimws(lines[seq_len(i - 1)])
  title <- tail(before[nzchar(before)], 1)
  dmy <- regmatches(lines[i], regexec("^Date: (\\d\\d)/(\\d\\d)/(\\d{4})", lines[i]))[[1]]
  rest <- paste(lines[-seq_len(i)], collapse = "\n")
  dl <- regexpr(sprintf("(?m)^([A-Z][\\w ]*?), (?:%s) \\d+ \\(KCNA\\) -- ", months_re), rest,
                perl = TRUE)
  place <- sub(",.*$", "", regmatches(rest, dl))
  end <- regexpr("-0-", rest, fixed = TRUE)
  body <- trimws(substr(rest, dl + attr(dl, "match.length"), end - 1))
  list(title = title, date = sprintf("%s-%s-%s", dmy[4], dmy[3], dmy[2]), place = place,
       body = body)
}
count_re <- function(pattern, text) {
  m <- gregexpr(pattern, text, perl = TRUE, ignore.case = TRUE)[[1]]
  sum(m > 0)
}

files <- sort(list.files(sample_dir, pattern = "\\.txt$", full.names = TRUE))
if (check(length(files) > 0, sprintf("sample page copies in `%s`", sample_dir))) {
  raw <- vapply(files, function(f) paste(readBin(f, "raw", file.size(f)), collapse = ""), "")
  pages <- lapply(files[!duplicated(raw)], parse_page)  # the byte-identical copy counts once
  dates <- vapply(pages, `[[`, "", "date")
  years <- substr(dates, 1, 4)
  texts <- vapply(pages, function(p) paste0(p$title, "\n\n", p$body), "")

  corpus <- tables[["corpus"]]
  if (!is.null(corpus)) {
    check_equal(nrow(corpus), length(pages), "corpus: documents vs distinct sample files")
    check_equal(sort(format(corpus$date)), sort(dates), "corpus: dates vs `Date:` lines")
    check_equal(sort(corpus$title), sort(vapply(pages, `[[`, "", "title")), "corpus: titles")
    check_equal(c(table(corpus$place)),
                c(table(vapply(pages, `[[`, "", "place"))), "corpus: places")
    check_equal(sum(corpus$copies), as.double(length(files)),
                "corpus: sum of copies vs sample files")
  }

  periods <- tables[["periods"]]
  if (!is.null(periods)) {
    uni <- periods[periods$n == 1 & periods$docs > 0, ]
    want <- table(substr(dates, 1, 7))
    check_equal(setNames(as.integer(uni$docs), uni$period),
                setNames(as.integer(want), names(want)), "periods: documents per month (n = 1)")
  }

  trends <- tables[["trends"]]
  queries <- c("nuclear*" = "(?<!\\w)nuclear", sanctions = "(?<!\\w)sanctions(?!\\w)",
               peace = "(?<!\\w)peace(?!\\w)", summit = "(?<!\\w)summit(?!\\w)")
  if (!is.null(trends)) {
    for (q in names(queries)) {
      rows <- trends[trends$query == q, ]
      got <- tapply(rows$count, format(rows$period_start, "%Y"), sum)
      want <- tapply(vapply(texts, function(x) count_re(queries[[q]], x), 0), years, sum)
      check_equal(as.vector(got), as.vector(want[names(got)]),
                  sprintf("trends: `%s` per year vs regex count in the sample pages", q))
      check_equal(names(got), sort(unique(years)), sprintf("trends: `%s` years", q))
    }
    rows <- trends[trends$query == "nuclear*", ]
    check_equal(as.vector(tapply(rows$count, format(rows$period_start, "%Y"), sum)),
                c(18, 5, 0), "trends: `nuclear*` per year vs data/sample/README.md (18, 5, 0)")
    want <- ifelse(trends$tokens > 0, trends$count * 1e4 / trends$tokens, 0)
    check(isTRUE(all.equal(trends$per_10k, want, tolerance = 1e-12)),
          "trends: per_10k = count * 10000 / tokens")
  }

  lookup <- tables[["lookup"]]
  check(!is.null(lookup), "lookup: the sample study's dictionary table was read")
  if (!is.null(lookup)) {
    # The example dictionary's `diplomacy.peace`: four single words, none inside a compound.
    peace <- "(?<![\\w-])(peace|peaceful|reunification|reconciliation)(?![\\w-])"
    rows <- lookup[lookup$category == "diplomacy.peace", ]
    got <- tapply(rows$count, format(rows$period_start, "%Y"), sum)
    want <- tapply(vapply(texts, function(x) count_re(peace, x), 0), years, sum)
    check_equal(as.vector(got), as.vector(want[names(got)]),
                "lookup: `diplomacy.peace` per year vs regex count in the sample pages")
    want <- ifelse(lookup$tokens > 0, lookup$count * 1e4 / lookup$tokens, 0)
    check(isTRUE(all.equal(lookup$per_10k, want, tolerance = 1e-12)),
          "lookup: per_10k = count * 10000 / tokens")
  }

  key <- tables[["keyness_2017_vs_2018"]]
  if (!is.null(key) && !is.null(periods)) {
    uni <- periods[periods$n == 1, ]
    c_ <- sum(uni$tokens[startsWith(uni$period, "2017")])
    d_ <- sum(uni$tokens[startsWith(uni$period, "2018")])
    pat <- c(nuclear = "(?<![\\w-])nuclear(?![\\w-])", sanctions = queries[["sanctions"]],
             peace = queries[["peace"]], summit = queries[["summit"]])
    for (term in names(pat)) {
      n <- vapply(texts, function(x) count_re(pat[[term]], x), 0)
      r <- key[key$term == term, ]
      if (check_equal(nrow(r), 1L, sprintf("keyness: term `%s` present", term))) {
        check_equal(c(r$count_a, r$count_b), c(sum(n[years == "2017"]), sum(n[years == "2018"])),
                    sprintf("keyness: `%s` counts 2017, 2018 vs regex count in the sample pages",
                            term))
      }
    }
    a <- key$count_a
    b <- key$count_b
    e1 <- c_ * (a + b) / (c_ + d_)
    e2 <- d_ * (a + b) / (c_ + d_)
    xlx <- function(o, e) ifelse(o > 0, o * log(o / e), 0)
    g2 <- 2 * (xlx(a, e1) + xlx(b, e2))
    g2 <- ifelse(a / c_ > b / d_, g2, -g2)
    lr <- log2((pmax(a, 0.5) * (a > 0) + 0.5 * (a == 0)) / c_ /
                 ((pmax(b, 0.5) * (b > 0) + 0.5 * (b == 0)) / d_))
    p <- 2 * pnorm(-sqrt(abs(g2)))  # erfc(sqrt(x / 2)) = P(chi2_1 > x)
    check(isTRUE(all.equal(key$g2, g2, tolerance = 1e-9)), "keyness: g2 recomputed from counts")
    check(isTRUE(all.equal(key$log_ratio, lr, tolerance = 1e-9)),
          "keyness: log_ratio recomputed from counts")
    check(isTRUE(all.equal(key$p_value, p, tolerance = 1e-9)),
          "keyness: p_value recomputed from g2")
    check_equal(key$rank, as.double(seq_len(nrow(key))), "keyness: rank is 1..n in row order")
  }
}

cat(sprintf("%d passed, %d failed%s\n", passed, failed,
            if (warned > 0) sprintf(" (%d warnings)", warned) else ""))
quit(status = if (failed > 0) 1 else 0)
