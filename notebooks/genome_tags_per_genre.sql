-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Most relevant genome tags per genre
-- MAGIC For each genre, the five genome tags with the highest average relevance over the genre's
-- MAGIC movies that have genome scores.
-- MAGIC
-- MAGIC Parameters: `catalog`, and the schema of each layer it reads
-- MAGIC (`dim_schema`, `fct_schema`): fill in the widgets above, or give each to
-- MAGIC `reelhouse notebook run` with `--param`.

-- COMMAND ----------

CREATE WIDGET TEXT catalog DEFAULT "";
CREATE WIDGET TEXT dim_schema DEFAULT "";
CREATE WIDGET TEXT fct_schema DEFAULT ""

-- COMMAND ----------

WITH by_genre AS (
  SELECT g.genre,
         t.tag_name,
         AVG(s.relevance_score) AS average_relevance,
         COUNT(*) AS movies
  FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_genome_scores') s
  JOIN IDENTIFIER(:catalog || '.' || :dim_schema || '.dim_movies') m ON m.movie_id = s.movie_id
  JOIN IDENTIFIER(:catalog || '.' || :dim_schema || '.dim_genome_tags') t ON t.tag_id = s.tag_id
  LATERAL VIEW explode(m.genre_array) g AS genre
  WHERE g.genre <> '(no genres listed)'
  GROUP BY g.genre, t.tag_name
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY genre ORDER BY average_relevance DESC, tag_name) AS rank
  FROM by_genre
)
SELECT genre, rank, tag_name, ROUND(average_relevance, 4) AS average_relevance, movies
FROM ranked
WHERE rank <= 5
ORDER BY genre, rank
