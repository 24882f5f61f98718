"""Search that understands Chinese: jieba words plus character bigrams in a PostgreSQL tsvector
(GIN index), ranked title > content > replies; an icontains fallback elsewhere."""
