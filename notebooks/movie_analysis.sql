-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Movie analysis
-- MAGIC The seed's `analyses/movie_analysis.sql`: the 20 best-rated movies among those with more
-- MAGIC than 100 ratings, with their average rating and number of ratings (ties by title).
-- MAGIC
-- MAGIC Parameters: `catalog`, and the schema of each layer it reads
-- MAGIC (`dim_schema`, `fct_schema`): fill in the widgets above, or give each to
-- MAGIC `reelhouse notebook run` with `--param`.

-- COMMAND ----------

CREATE WIDGET TEXT catalog DEFAULT "";
CREATE WIDGET TEXT dim_schema DEFAULT "";
CREATE WIDGET TEXT fct_schema DEFAULT ""

-- COMMAND ----------

WITH ratings_summary AS (
  SELECT movie_id,
         AVG(rating) AS average_rating,
         COUNT(*) AS total_ratings
  FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_ratings')
  GROUP BY movie_id
  HAVING COUNT(*) > 100
)
SELECT m.movie_id,
       m.movie_title,
       rs.average_rating,
       rs.total_ratings
FROM ratings_summary rs
JOIN IDENTIFIER(:catalog || '.' || :dim_schema || '.dim_movies') m ON m.movie_id = rs.movie_id
ORDER BY rs.average_rating DESC, m.movie_title, m.movie_id
LIMIT 20
