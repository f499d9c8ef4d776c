"""The web app: what production ran when `SELECT user.api_token` failed. The gate does not load it."""
import os

from flask import Flask, abort, jsonify, request
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from todobox.models import User

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"].replace("mysql://", "mysql+pymysql://", 1))


@app.get("/me")
def me():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    with Session(engine) as session:
        user = session.scalars(select(User).where(User.api_token == token)).first()
        if user is None:
            abort(401)
        return jsonify(username=user.username, email=user.email)
