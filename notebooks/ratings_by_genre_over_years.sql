-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Ratings by genre over the years
-- MAGIC How much each genre is rated, and how well, per calendar year of the rating. A movie with
-- MAGIC several genres counts once in each.
-- MAGIC
-- MAGIC Parameters: `catalog`, and the schema of each layer it reads
-- MAGIC (`dim_schema`, `fct_schema`): fill in the widgets above, or give each to
-- MAGIC `reelhouse notebook run` with `--param`.

-- COMMAND ----------

CREATE WIDGET TEXT catalog DEFAULT "";
CREATE WIDGET TEXT dim_schema DEFAULT "";
CREATE WIDGET TEXT fct_schema DEFAULT ""

-- COMMAND ----------

SELECT YEAR(r.rating_timestamp) AS rating_year,
       g.genre,
       COUNT(*) AS ratings,
       ROUND(AVG(r.rating), 3) AS average_rating
FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_ratings') r
JOIN IDENTIFIER(:catalog || '.' || :dim_schema || '.dim_movies') m ON m.movie_id = r.movie_id
LATERAL VIEW explode(m.genre_array) g AS genre
WHERE g.genre <> '(no genres listed)'
GROUP BY YEAR(r.rating_timestamp), g.genre
ORDER BY rating_year, ratings DESC, genre

-- COMMAND ----------

-- MAGIC %md
-- MAGIC Each genre's share of the year's ratings.

-- COMMAND ----------

-- chart: line x=rating_year y=share_of_year series=genre
WITH per_genre AS (
  SELECT YEAR(r.rating_timestamp) AS rating_year, g.genre, COUNT(*) AS ratings
  FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_ratings') r
  JOIN IDENTIFIER(:catalog || '.' || :dim_schema || '.dim_movies') m ON m.movie_id = r.movie_id
  LATERAL VIEW explode(m.genre_array) g AS genre
  GROUP BY YEAR(r.rating_timestamp), g.genre
)
SELECT rating_year,
       genre,
       ratings,
       ROUND(ratings / SUM(ratings) OVER (PARTITION BY rating_year), 4) AS share_of_year
FROM per_genre
ORDER BY rating_year, share_of_year DESC, genre
