from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = 'user'

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    email = Column(String(120), nullable=False, unique=True)
    fullname = Column(String(100))
    password_hash = Column(String(255))
    oauth_provider = Column(String(50))
    oauth_id = Column(String(255))
    api_token = Column(String(255), index=True, unique=True)
