-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Rating activity per user cohort
-- MAGIC Users grouped by the year of their first rating; for each cohort and each later year, how
-- MAGIC many of its users were still rating, and how many ratings they gave.
-- MAGIC
-- MAGIC Parameters: `catalog`, and the schema of each layer it reads
-- MAGIC (`fct_schema`): fill in the widgets above, or give each to `reelhouse notebook run` with
-- MAGIC `--param`.

-- COMMAND ----------

CREATE WIDGET TEXT catalog DEFAULT "";
CREATE WIDGET TEXT fct_schema DEFAULT ""

-- COMMAND ----------

-- chart: line x=years_since_first_rating y=retention series=cohort_year
WITH first_rating AS (
  SELECT user_id, YEAR(MIN(rating_timestamp)) AS cohort_year
  FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_ratings')
  GROUP BY user_id
),
activity AS (
  SELECT f.cohort_year,
         YEAR(r.rating_timestamp) AS rating_year,
         COUNT(DISTINCT r.user_id) AS active_users,
         COUNT(*) AS ratings
  FROM IDENTIFIER(:catalog || '.' || :fct_schema || '.fct_ratings') r
  JOIN first_rating f ON f.user_id = r.user_id
  GROUP BY f.cohort_year, YEAR(r.rating_timestamp)
),
cohort_size AS (
  SELECT cohort_year, COUNT(*) AS users FROM first_rating GROUP BY cohort_year
)
SELECT a.cohort_year,
       c.users AS cohort_users,
       a.rating_year - a.cohort_year AS years_since_first_rating,
       a.active_users,
       ROUND(a.active_users / c.users, 4) AS retention,
       a.ratings
FROM activity a
JOIN cohort_size c ON c.cohort_year = a.cohort_year
ORDER BY a.cohort_year, years_since_first_rating
