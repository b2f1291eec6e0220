# R tidytext peer: unigram counts per month with the token definition of peers.py.
# Usage: Rscript peer_tidytext.R INPUT.jsonl STOPWORDS.txt OUTPUT.csv
suppressPackageStartupMessages({
  library(jsonlite)
  library(dplyr)
  library(tidytext)
  library(stringr)
})
args <- commandArgs(trailingOnly = TRUE)
docs <- stream_in(file(args[1]), verbose = FALSE)
stop_lines <- str_trim(str_replace(readLines(args[2], encoding = "UTF-8"), "#.*$", ""))
stop <- tibble(term = stop_lines[stop_lines != ""])
token <- "[\\p{L}\\p{N}]+(?:['\\-][\\p{L}\\p{N}]+)*"
number <- "^[0-9]+(?:st|nd|rd|th|s)?(?:-[0-9]+(?:st|nd|rd|th|s)?)*$"
title <- ifelse(is.na(docs$title), "", docs$title)
counts <- tibble(
  period = substr(docs$date, 1, 7),
  text = str_replace_all(
    str_to_lower(str_replace_all(paste0(title, "\n\n", docs$body), fixed("\u2019"), "'")),
    "([\\p{L}\\p{N}])'s\\b", "\\1"
  )
) |>
  unnest_tokens(term, text, token = function(x) str_extract_all(x, token), to_lower = FALSE) |>
  anti_join(stop, by = "term") |>
  filter(!str_detect(term, number)) |>
  count(period, term, name = "count")
write.csv(counts, args[3], row.names = FALSE, fileEncoding = "UTF-8")
